import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { shareStoreCache } from "../../src/app/share-store-cache.ts";
import type { SharedCache } from "../../src/core/platform-adapter.ts";
import { createUsergroupLookup } from "../../src/slack/inbound/create-usergroup-lookup.ts";
import { createUserLookup } from "../../src/slack/inbound/create-user-lookup.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog } from "../support/capture-log.ts";
import { openTestRedisStore, redisRequired, uniquePrefix, whyNoRedis } from "../support/test-redis.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = noRedis ? ` (skipped: ${noRedis})` : "";

let slack: FakeSlack | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

/** One fake Slack, and two instances of the bot on one Redis, each with its own store and lookups. */
async function twoInstances() {
  slack = await startFakeSlack({
    locales: { U1: "ja-JP" },
    usergroups: { S0ART: ["U1", "U2"] },
  });
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const prefix = uniquePrefix();
  const instance = async () => {
    const log = captureLog().log;
    const sharedCache: SharedCache = shareStoreCache(await openTestRedisStore({ prefix }), log)!;
    return {
      users: createUserLookup({ client, log, now: Date.now, sharedCache }),
      usergroups: createUsergroupLookup({ client, log, now: Date.now, sharedCache }),
    };
  };
  const asked = (method: string) => slack!.calls.filter((call) => call.method === method).length;
  return { first: await instance(), second: await instance(), asked };
}

describe.skipIf(noRedis !== undefined)(`Slack look-ups shared by the bot's instances${skipNote}`, () => {
  it("reads a person from Slack once for every instance", async () => {
    const { first, second, asked } = await twoInstances();

    expect(await first.users.read("U1")).toEqual({ isAdmin: false, locale: "ja-JP" });
    expect(asked("users.info")).toBe(1);

    expect(await second.users.read("U1")).toEqual({ isAdmin: false, locale: "ja-JP" });
    expect(await second.users.isAdmin("U1")).toBe(false);
    expect(asked("users.info")).toBe(1);
  });

  it("reads a user group's members from Slack once for every instance", async () => {
    const { first, second, asked } = await twoInstances();

    expect(await first.usergroups.memberOf("U2", ["S0ART"])).toEqual(["S0ART"]);
    expect(await second.usergroups.memberOf("U2", ["S0ART"])).toEqual(["S0ART"]);
    expect(await second.usergroups.memberOf("U3", ["S0ART"])).toEqual([]);
    expect(asked("usergroups.users.list")).toBe(1);
  });

  it("keeps no failed look-up: the next instance asks Slack again", async () => {
    const { first, second, asked } = await twoInstances();

    expect(await first.usergroups.memberOf("U1", ["S0GONE"])).toEqual([]);
    expect(await second.usergroups.memberOf("U1", ["S0GONE"])).toEqual([]);
    expect(asked("usergroups.users.list")).toBe(2);
  });
});
