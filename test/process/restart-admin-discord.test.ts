import { afterEach, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import {
  startFakeDiscord,
  type FakeDiscord,
  type InteractionActorInput,
  type InteractionSubcommandInput,
} from "../fakes/discord/index.ts";
import { createBotProcesses, restartPng, restartTestTimeoutMs } from "../support/restart-kit.ts";

/** Holds Manage Server; the member holds the default permissions. */
const admin = { userId: "800000000000000401", memberPermissions: (1n << 5n).toString() };
const member = { userId: "800000000000000402" };

let discord: FakeDiscord | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("restart-admin-discord");

afterEach(async () => {
  await processes.stopAll();
  await discord?.close();
  await cometapi?.close();
  discord = cometapi = undefined;
});

/** Resolves with the text of the private answer to `token`, failing unless it is ephemeral. */
async function privateAnswer(token: string): Promise<string> {
  await discord!.waitUntil(() => discord!.messageFor(token) !== undefined, `an answer to ${token}`);
  const answer = discord!.messageFor(token)!;
  expect(answer.ephemeral).toBe(true);
  return answer.content;
}

/** `/imagine-admin <subcommand>` as the admin; resolves with its private answer. */
function adminCommand(subcommand: InteractionSubcommandInput): Promise<string> {
  const { token } = discord!.sendInteraction({
    commandName: "imagine-admin",
    options: [subcommand],
    ...admin,
  });
  return privateAnswer(token);
}

const setDailyLimit: InteractionSubcommandInput = {
  name: "set",
  type: 1,
  options: [
    { name: "key", type: 3, value: "daily_limit_per_user" },
    { name: "value", type: 3, value: "1" },
  ],
};

/** `/imagine prompt:…` as `who`; returns the interaction's token. */
const imagine = (prompt: string, who: InteractionActorInput) =>
  discord!.sendInteraction({
    commandName: "imagine",
    options: [{ name: "prompt", type: 3, value: prompt }],
    ...who,
  }).token;

it(
  "keeps a setting made in /imagine-admin across a restart: the next process holds the member to it",
  async () => {
    discord = await startFakeDiscord();
    cometapi = await startFakeCometApi();
    const first = await processes.start({ discord, cometapi }, {});

    const answer = await adminCommand(setDailyLimit);
    expect(answer.split("\n")[0]).toBe("`daily_limit_per_user` is now 1 (was 0 (no limit)).");
    cometapi.enqueue({ kind: "json", images: [restartPng.image1] });
    const made = imagine("a fox", member);
    await discord.waitUntil(
      () => (discord!.messageFor(made)?.attachments.length ?? 0) > 0,
      "the member's image",
    );

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    await processes.start({ discord, cometapi, dataDir: first.dataDir }, {});

    const show = await adminCommand({ name: "show", type: 1 });
    expect(show.split("\n")).toContain("`daily_limit_per_user`: 1 (set for this server)");

    // The process's clock is the real one: only the wait until midnight UTC varies.
    expect(await privateAnswer(imagine("another fox", member))).toMatch(
      /^You have reached your daily limit of 1 image\. It resets at 00:00 UTC \(in [^)]+\)\.$/,
    );
    expect(cometapi.requests).toHaveLength(1);
  },
  restartTestTimeoutMs,
);
