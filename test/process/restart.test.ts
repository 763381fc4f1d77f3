import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from "../fakes/discord/index.ts";
import { heldStream } from "../support/held-stream.ts";
import { acceptedJobIds } from "../support/read-bot-log.ts";
import { createBotProcesses, restartPng, restartTestTimeoutMs } from "../support/restart-kit.ts";
import type { BotProcess } from "../support/start-bot-process.ts";

const alice = "800000000000000011";
const bob = "800000000000000012";
const png = restartPng;
const restartedSentence =
  "⚠️ The bot restarted before your image was finished. Press Retry to make it again.";
const testTimeoutMs = restartTestTimeoutMs;

let discord: FakeDiscord | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("restart");
let releaseHeld: (() => void) | undefined;

afterEach(async () => {
  releaseHeld?.();
  releaseHeld = undefined;
  await processes.stopAll();
  await discord?.close();
  await cometapi?.close();
  discord = cometapi = undefined;
});

/** A bot process on the fake Discord only, its store under `dataDir` when given; resolves once it runs. */
async function startDiscordBot(env: Record<string, string>, dataDir?: string): Promise<BotProcess> {
  return processes.start({ discord: discord!, cometapi: cometapi!, ...(dataDir && { dataDir }) }, env);
}

/** `/imagine` from `userId`; returns the interaction's token. */
function imagine(prompt: string, userId: string, options: Record<string, string> = {}): string {
  const typed = Object.entries({ prompt, ...options }).map(([name, value]) => ({ name, type: 3, value }));
  return discord!.sendInteraction({ commandName: "imagine", options: typed, userId }).token;
}

/** Discord's answer to an interaction: its callback call (type 5 deferred, 4 a message). */
const callbackFor = (token: string) =>
  discord!.waitForCall(
    (call: RecordedCall) => call.route === "interactionCallback" && call.params["token"] === token,
  );

const callbackType = (call: RecordedCall) => (call.json as { type: number }).type;

/** The custom ids of a message's buttons. */
const buttonIds = (token: string) => discord!.messageFor(token)?.buttons.map((button) => button.customId);

describe("a bot process restarted on the same data, on Discord", () => {
  it(
    "tells the person a killed job will not finish, gives their quota back, and retries it on a click",
    async () => {
      discord = await startFakeDiscord();
      cometapi = await startFakeCometApi();
      const env = { IMAGINE_DAILY_LIMIT_PER_USER: "1" };
      const first = await startDiscordBot(env);
      const held = heldStream([png.preview], [png.image1]);
      releaseHeld = held.release;
      cometapi.enqueue(held.behaviour);

      const token = imagine("a lighthouse at dusk", alice);
      expect(callbackType(await callbackFor(token))).toBe(5);
      await cometapi.waitForRequests(1);
      await discord.waitUntil(
        () => /preview 1\)$/.test(discord!.messageFor(token)?.content ?? ""),
        "the reply to show the preview",
      );
      const [jobId] = acceptedJobIds(first.lines);

      // SIGKILL reaches node itself: startEntry spawns the node binary, no wrapper in between.
      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");

      const second = await startDiscordBot(env, first.dataDir);
      await discord.waitUntil(
        () => discord!.messageFor(token)?.content === restartedSentence,
        "the reply to say the bot restarted",
      );
      expect(buttonIds(token)).toEqual([`imagine:retry:${jobId}`]);
      // The preview of the image that will never come goes with it.
      expect(discord.messageFor(token)?.attachments).toEqual([]);

      // The killed job's image is given back: the same person's next request is taken, not
      // refused for the day. CometAPI refuses it, which gives that one back too.
      cometapi.enqueue(
        { kind: "error", status: 400, code: "moderation_blocked", message: "blocked" },
        { kind: "json", images: [png.image2] },
      );
      const next = imagine("a lighthouse at dawn", alice);
      const answer = await callbackFor(next);
      expect(callbackType(answer)).toBe(5);
      await discord.waitUntil(
        () => (discord!.messageFor(next)?.content ?? "").includes("content policy"),
        "the new request to fail on CometAPI's refusal",
      );

      const retried = discord.clickButton({
        messageId: discord.messageFor(token)!.id,
        customId: `imagine:retry:${jobId}`,
        userId: alice,
      });
      await discord.waitUntil(
        () => (discord!.messageFor(retried.token)?.attachments.length ?? 0) > 0,
        "the retried job's image",
      );

      const result = discord.messageFor(retried.token)!;
      expect(result.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
      // The second process accepted the new request, then the retry.
      const [, retryJobId] = acceptedJobIds(second.lines);
      expect(result.buttons.map((button) => button.customId)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${retryJobId}`),
      );
      expect(cometapi.requests.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
        "a lighthouse at dusk",
        "a lighthouse at dawn",
        "a lighthouse at dusk",
      ]);
    },
    testTimeoutMs,
  );

  it(
    "keeps a finished job's buttons working: Reroll for anyone, Delete for its requester only",
    async () => {
      discord = await startFakeDiscord();
      cometapi = await startFakeCometApi();
      const first = await startDiscordBot({});
      cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

      const token = imagine("a red kite over the sea", alice, { quality: "low" });
      await discord.waitUntil(
        () => (discord!.messageFor(token)?.buttons.length ?? 0) === 4,
        "the result with its buttons",
      );
      const [jobId] = acceptedJobIds(first.lines);
      const resultId = discord.messageFor(token)!.id;
      expect(buttonIds(token)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${jobId}`),
      );

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      const second = await startDiscordBot({}, first.dataDir);

      const rerolled = discord.clickButton({
        messageId: resultId,
        customId: `imagine:reroll:${jobId}`,
        userId: bob,
      });
      await discord.waitUntil(
        () => (discord!.messageFor(rerolled.token)?.buttons.length ?? 0) === 4,
        "the rerolled image with its buttons",
      );
      const reroll = discord.messageFor(rerolled.token)!;
      expect(reroll.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
      const [rerollJobId] = acceptedJobIds(second.lines);
      expect(rerollJobId).not.toBe(jobId);
      expect(reroll.buttons.map((button) => button.customId)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${rerollJobId}`),
      );
      expect(cometapi.requests.map((request) => request.body)).toEqual([
        expect.objectContaining({ prompt: "a red kite over the sea", quality: "low" }),
        expect.objectContaining({ prompt: "a red kite over the sea", quality: "low" }),
      ]);

      const foreign = discord.clickButton({
        messageId: resultId,
        customId: `imagine:delete:${jobId}`,
        userId: bob,
      });
      await discord.waitUntil(() => discord!.messageFor(foreign.token) !== undefined, "the refusal");
      expect(discord.messageFor(foreign.token)).toMatchObject({
        ephemeral: true,
        content: "Only the person who asked for this image, or a moderator, can delete it.",
      });
      expect(discord.message(resultId)?.deleted).toBe(false);

      discord.clickButton({ messageId: resultId, customId: `imagine:delete:${jobId}`, userId: alice });
      await discord.waitUntil(() => discord!.message(resultId)?.deleted === true, "the result to be deleted");
      // Bob's reroll is his own result: it stays.
      expect(discord.messageFor(rerolled.token)?.attachments).toHaveLength(1);
    },
    testTimeoutMs,
  );
});
