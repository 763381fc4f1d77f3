import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createLocaleLookup } from "../../src/slack/inbound/create-locale-lookup.ts";
import { createUserLookup } from "../../src/slack/inbound/create-user-lookup.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog } from "../support/capture-log.ts";

let slack: FakeSlack | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

const minutes = (count: number) => count * 60_000;

async function setup() {
  slack = await startFakeSlack({ locales: { U1: "ja-JP", U2: "pt-PT" } });
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  let now = 0;
  const clock = () => now;
  const captured = captureLog();
  const users = createUserLookup({ client, log: captured.log, now: clock });
  const locales = createLocaleLookup({ users, now: clock });
  const asked = () =>
    slack!.calls.filter((call) => call.method === "users.info").map((call) => call.args["user"]);
  return { users, locales, asked, advance: (ms: number) => (now += ms) };
}

describe("reading people from Slack", () => {
  it("answers a person's language and admin flag from one users.info call", async () => {
    const { users, locales, asked } = await setup();

    expect((await locales.messagesFor("U1")).locale).toBe("ja");
    expect(await users.isAdmin("U1")).toBe(false);
    expect((await locales.messagesFor("U2")).locale).toBe("pt-BR");
    // Slack's default locale, and one the bot has no catalogue for, are English.
    expect((await locales.messagesFor("U3")).locale).toBe("en");

    expect(asked()).toEqual(["U1", "U2", "U3"]);
  });

  it("trusts a language for an hour, an admin flag for five minutes", async () => {
    const { users, locales, asked, advance } = await setup();
    await locales.messagesFor("U1");

    advance(minutes(10));
    await locales.messagesFor("U1");
    expect(asked()).toEqual(["U1"]);
    await users.isAdmin("U1");
    expect(asked()).toEqual(["U1", "U1"]);

    advance(minutes(50));
    // An hour after it was read, the language is asked again.
    await locales.messagesFor("U1");
    expect(asked()).toEqual(["U1", "U1", "U1"]);
  });
});
