import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createUsergroupLookup } from "../../src/slack/inbound/create-usergroup-lookup.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog } from "../support/capture-log.ts";

let slack: FakeSlack | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function setup() {
  slack = await startFakeSlack({ usergroups: { S0ART: ["U1", "U2"], S0EDIT: ["U2"] } });
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  let now = 0;
  const captured = captureLog();
  const lookup = createUsergroupLookup({ client, log: captured.log, ttlMs: 1000, now: () => now });
  const lookups = () => slack!.calls.filter((call) => call.method === "usergroups.users.list").length;
  return { lookup, lookups, captured, advance: (ms: number) => (now += ms) };
}

describe("createUsergroupLookup", () => {
  it("answers which of the asked groups hold the person, one call per group until the TTL ends", async () => {
    const { lookup, lookups, advance } = await setup();

    expect(await lookup.memberOf("U2", ["S0ART", "S0EDIT"])).toEqual(["S0ART", "S0EDIT"]);
    expect(await lookup.memberOf("U1", ["S0ART", "S0EDIT"])).toEqual(["S0ART"]);
    expect(await lookup.memberOf("U9", ["S0ART"])).toEqual([]);
    expect(lookups()).toBe(2);

    advance(1000);
    await lookup.memberOf("U1", ["S0ART"]);
    expect(lookups()).toBe(3);
  });

  it("counts a group it cannot read as not holding the person, logs the fix and asks again next time", async () => {
    const { lookup, lookups, captured } = await setup();

    expect(await lookup.memberOf("U1", ["S0GONE"])).toEqual([]);
    expect(await lookup.memberOf("U1", ["S0GONE"])).toEqual([]);

    expect(lookups()).toBe(2);
    expect(captured.records()).toContainEqual(
      expect.objectContaining({ groupId: "S0GONE", slackError: "no_such_subteam" }),
    );
  });
});
