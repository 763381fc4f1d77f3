import { afterEach, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { createBotProcesses, restartPng, restartTestTimeoutMs } from "../support/restart-kit.ts";
import { startSlackAdmins, type SlackAdmins } from "../support/slack-admins.ts";

const channel = "C0RESTART1";
/** Slack names Bob a workspace admin; Alice is a member. */
const admin = "U0BOB00001";
const member = "U0ALICE001";

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let admins: SlackAdmins | undefined;
const processes = createBotProcesses("restart-admin");

afterEach(async () => {
  await processes.stopAll();
  await admins?.close();
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = admins = undefined;
});

/** `/imagine <text>` from `user`; resolves with the private answer they were shown. */
async function slash(user: string, text: string): Promise<string> {
  const before = slack!.ephemeralsFor(channel, user).length;
  await slack!.sendSlashCommand({ command: "/imagine", text, userId: user, channelId: channel });
  await slack!.waitUntil(
    () => slack!.ephemeralsFor(channel, user).length > before,
    `the private answer to /imagine ${text}`,
  );
  return slack!.ephemeralsFor(channel, user).at(-1)!.text;
}

/** `@bot text` from `user`; resolves with the mention's ts once the bot acked it. */
async function mention(text: string, user: string): Promise<string> {
  const ts = slack!.newTs();
  await slack!.sendEvent({ type: "app_mention", user, text: `<@${slack!.botUserId}> ${text}`, channel, ts });
  return ts;
}

it(
  "keeps a setting made in chat across a restart: the next process holds the member to it",
  async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    admins = await startSlackAdmins(slack.apiUrl, [admin]);
    // The bot asks Slack through the proxy that names Bob an admin; everything else is the fake's.
    const targets = {
      slack: { botToken: slack.botToken, appToken: slack.appToken, apiUrl: admins.apiUrl },
      cometapi,
    };
    const first = await processes.start(targets, {});

    const answer = await slash(admin, "admin set daily_limit_per_user 1");
    expect(answer.split("\n")[0]).toBe("`daily_limit_per_user` is now 1 (was 0 (no limit)).");
    cometapi.enqueue({ kind: "json", images: [restartPng.image1] });
    const ts = await mention("a fox", member);
    await slack.waitUntil(
      () => slack!.messagesIn(channel, ts).some((message) => message.files?.length),
      "the member's image",
    );

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    await processes.start({ ...targets, dataDir: first.dataDir }, {});

    const show = (await slash(admin, "admin show")).split("\n");
    expect(show).toContain("`daily_limit_per_user`: 1 (set for this workspace)");
    await mention("another fox", member);
    await slack.waitUntil(() => slack!.ephemeralsFor(channel, member).length > 0, "the member's refusal");
    expect(slack.ephemeralsFor(channel, member).map((message) => message.text)).toEqual([
      expect.stringMatching(
        /^You have reached your daily limit of 1 image\. It resets at 00:00 UTC \(in [^)]+\)\.$/,
      ),
    ]);
    expect(cometapi.requests).toHaveLength(1);
  },
  restartTestTimeoutMs,
);
