import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeMessage, type FakeSlack } from "../fakes/slack/index.ts";
import { heldStream } from "../support/held-stream.ts";
import { acceptedJobIds } from "../support/read-bot-log.ts";
import { createBotProcesses, restartPng, restartTestTimeoutMs } from "../support/restart-kit.ts";
import type { BotProcess } from "../support/start-bot-process.ts";
import { resultUploads } from "../support/result-uploads.ts";

const channel = "C0RESTART1";
const alice = "U0ALICE001";
const bob = "U0BOB00001";
const png = restartPng;
const restartedSentence =
  ":warning: The bot restarted before your image was finished. Press Retry to make it again.";
const testTimeoutMs = restartTestTimeoutMs;

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("restart-slack");
let releaseHeld: (() => void) | undefined;

afterEach(async () => {
  releaseHeld?.();
  releaseHeld = undefined;
  await processes.stopAll();
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = undefined;
});

/** A bot process on the fake Slack (Socket Mode), its store under `dataDir` when given; resolves once it runs. */
async function startSlackBot(env: Record<string, string>, dataDir?: string): Promise<BotProcess> {
  return processes.start({ slack: slack!, cometapi: cometapi!, ...(dataDir && { dataDir }) }, env);
}

/** `@bot text` from `user` in the channel; resolves with the mention's ts once the bot acked it. */
async function mention(text: string, user: string): Promise<string> {
  const ts = slack!.newTs();
  await slack!.sendEvent({
    type: "app_mention",
    user,
    text: `<@${slack!.botUserId}> ${text}`,
    channel,
    ts,
    event_ts: ts,
  });
  return ts;
}

/** The `action_id`s of a message's buttons. */
function actionIds(message: FakeMessage | undefined): string[] {
  const blocks = Array.isArray(message?.blocks) ? (message.blocks as { elements?: unknown[] }[]) : [];
  return blocks.flatMap((block) => (block.elements ?? []).map((e) => (e as { action_id: string }).action_id));
}

/** Resolves with the thread once `done` holds for it, checking after every call to the fake Slack. */
async function waitForThread(ts: string, done: (messages: FakeMessage[]) => boolean, what: string) {
  await slack!.waitUntil(() => done(slack!.messagesIn(channel, ts)), what);
  return slack!.messagesIn(channel, ts);
}

const hasImages = (messages: FakeMessage[]) => messages.filter((message) => message.files?.length).length;

describe("a bot process restarted on the same data, on Slack", () => {
  it(
    "edits a killed job's placeholder to say so with Retry, and gives the person's quota back",
    async () => {
      slack = await startFakeSlack();
      cometapi = await startFakeCometApi();
      const env = { IMAGINE_DAILY_LIMIT_PER_USER: "1" };
      const first = await startSlackBot(env);
      const held = heldStream([png.preview], [png.image1]);
      releaseHeld = held.release;
      cometapi.enqueue(held.behaviour);

      const ts = await mention("a lighthouse at dusk", alice);
      const posted = await slack.waitForCall(
        (call) => call.method === "chat.postMessage" && call.args["thread_ts"] === ts,
      );
      const placeholderTs = (posted.response as { ts: string }).ts;
      await cometapi.waitForRequests(1);
      // The placeholder draws the preview: a file shared in the thread that the job must not leave.
      await slack.waitForCall(
        (call) =>
          call.method === "chat.update" &&
          call.args["ts"] === placeholderTs &&
          String(call.args["text"]).includes("preview 1") &&
          String(call.args["blocks"]).includes("slack_file"),
      );
      const [previewFile] = slack.uploads.filter((upload) => upload.filename === "preview.png");
      const [jobId] = acceptedJobIds(first.lines);

      // SIGKILL reaches node itself: startEntry spawns the node binary, no wrapper in between.
      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");
      const callsBefore = slack.calls.length;

      await startSlackBot(env, first.dataDir);
      const [placeholder] = await waitForThread(
        ts,
        (messages) => messages.some((message) => message.text === restartedSentence),
        "the placeholder to say the bot restarted",
      ).then((messages) => messages.filter((message) => message.ts === placeholderTs));
      expect(placeholder?.text).toBe(restartedSentence);
      expect(actionIds(placeholder)).toEqual([`imagine:retry:${jobId}`]);
      // One edit of the placeholder in the thread, nothing posted anew.
      expect(
        slack.calls
          .slice(callsBefore)
          .filter((call) => /^chat\.(update|postMessage|postEphemeral)$/.test(call.method))
          .map((call) => [call.method, call.args["ts"]]),
      ).toEqual([["chat.update", placeholderTs]]);
      expect(slack.messagesIn(channel, ts).map((message) => message.ts)).toEqual([placeholderTs]);
      await slack.waitUntil(() => !slack!.fileExists(previewFile!.fileId), "the left preview deleted");

      // The killed job's image is given back: the same person's next request is taken, not
      // refused for the day.
      cometapi.enqueue({ kind: "json", images: [png.image2] });
      const next = await mention("a lighthouse at dawn", alice);
      await waitForThread(next, (messages) => hasImages(messages) === 1, "the new request's image");
      expect(slack.ephemeralsFor(channel, alice)).toEqual([]);
      expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image2]);
    },
    testTimeoutMs,
  );

  it(
    "rerolls a result the first process posted, for someone else, with its prompt",
    async () => {
      slack = await startFakeSlack();
      cometapi = await startFakeCometApi();
      const first = await startSlackBot({});
      cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

      const ts = await mention("a red kite over the sea --quality low", alice);
      const thread = await waitForThread(
        ts,
        (messages) => hasImages(messages) === 1 && messages.some((message) => actionIds(message).length > 0),
        "the result with its buttons",
      );
      const [jobId] = acceptedJobIds(first.lines);
      const lastWord = thread.find((message) => actionIds(message).length > 0)!;
      expect(actionIds(lastWord)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${jobId}`),
      );

      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      const second = await startSlackBot({}, first.dataDir);

      await slack.clickAction({
        channelId: channel,
        messageTs: lastWord.ts,
        actionId: `imagine:reroll:${jobId}`,
        userId: bob,
      });
      const after = await waitForThread(
        ts,
        (messages) =>
          hasImages(messages) === 2 &&
          messages.filter((message) => actionIds(message).length > 0).length === 2,
        "the rerolled image and its buttons in the same thread",
      );

      expect(cometapi.requests.map((request) => request.body)).toEqual([
        expect.objectContaining({ prompt: "a red kite over the sea", quality: "low" }),
        expect.objectContaining({ prompt: "a red kite over the sea", quality: "low" }),
      ]);
      expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1, png.image2]);
      const [rerollJobId] = acceptedJobIds(second.lines);
      expect(rerollJobId).not.toBe(jobId);
      const rerollLastWord = after.filter((message) => actionIds(message).length > 0)[1];
      expect(actionIds(rerollLastWord)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${rerollJobId}`),
      );

      // Delete, read from the store the first process wrote: refused for Bob, done for Alice.
      const deleteAs = (userId: string) =>
        slack!.clickAction({
          channelId: channel,
          messageTs: lastWord.ts,
          actionId: `imagine:delete:${jobId}`,
          userId,
        });
      await deleteAs(bob);
      await slack.waitUntil(() => slack!.ephemeralsFor(channel, bob).length > 0, "Bob's private refusal");
      expect(slack.ephemeralsFor(channel, bob)[0]?.text).toContain("Only the person who asked");
      expect(slack.messagesIn(channel, ts).some((message) => message.ts === lastWord.ts)).toBe(true);
      const aliceFile = slack.uploads[0]!.fileId;
      expect(slack.fileExists(aliceFile)).toBe(true);

      await deleteAs(alice);
      await waitForThread(
        ts,
        (messages) => !messages.some((message) => message.ts === lastWord.ts),
        "Alice's result removed",
      );
      await slack.waitUntil(() => !slack!.fileExists(aliceFile), "Alice's image file deleted");
      // Bob's reroll stays.
      expect(slack.fileExists(slack.uploads[1]!.fileId)).toBe(true);
    },
    testTimeoutMs,
  );
});

describe("a bot process killed after posting the images, before their last word", () => {
  it(
    "is finished by the next start: the placeholder says done, with the result's buttons, and nothing is made again",
    async () => {
      slack = await startFakeSlack();
      cometapi = await startFakeCometApi();
      const first = await startSlackBot({});
      cometapi.enqueue({ kind: "json", images: [png.image1] });
      // Slack stalls the first edit of the placeholder: every later edit, the last word among
      // them, waits behind it, while the upload goes through.
      slack.failNext("chat.update", { error: "stalled", hang: true });

      const ts = await mention("a harbour at noon", alice);
      const thread = await waitForThread(ts, (messages) => hasImages(messages) === 1, "the posted image");
      const [jobId] = acceptedJobIds(first.lines);
      const file = join(first.dataDir, "imagine.sqlite");
      await vi.waitFor(() => expect(readJobRow(file, jobId!)?.image_refs).not.toBe("[]"), {
        timeout: 10_000,
      });
      expect(readJobRow(file, jobId!)?.status).toBe("running");

      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");
      await startSlackBot({}, first.dataDir);

      const placeholderTs = thread.find((message) => !message.files?.length && message.ts !== ts)!.ts;
      const finished = await waitForThread(
        ts,
        (messages) => actionIds(messages.find((message) => message.ts === placeholderTs)).length === 4,
        "the placeholder finished with the result's buttons",
      );
      const placeholder = finished.find((message) => message.ts === placeholderTs)!;
      expect(placeholder.text).toMatch(/^:white_check_mark: Done in .*Your image is below\.$/);
      expect(actionIds(placeholder)).toEqual(
        ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${jobId}`),
      );
      await vi.waitFor(() => expect(readJobRow(file, jobId!)?.status).toBe("done"), { timeout: 10_000 });
      expect(cometapi.requests).toHaveLength(1);
      expect(slack.uploads).toHaveLength(1);
    },
    testTimeoutMs,
  );
});

/** A job's row as another process committed it, read without taking any lock. */
function readJobRow(file: string, id: string): { status: string; image_refs: string } | undefined {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[string], { status: string; image_refs: string }>(
        "SELECT status, image_refs FROM jobs WHERE id = ?",
      )
      .get(id);
  } finally {
    db.close();
  }
}
