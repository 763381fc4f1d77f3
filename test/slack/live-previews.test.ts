import { afterEach, describe, expect, it } from "vitest";
import { makePng } from "../fakes/png.ts";
import type { RecordedCall } from "../fakes/slack/index.ts";
import { slackFileImages } from "../fakes/slack/chat-methods.ts";
import { jsonArg } from "../fakes/slack/method-context.ts";
import {
  alice,
  channel,
  hasImages,
  hasLastWord,
  gate,
  png,
  resultUploads,
  signingSecret,
  startHarness,
  withButtons,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const preview3 = makePng(4, 4, [10, 10, 250]);

/** The preview files a `chat.update` drew in image blocks. */
const drawnFiles = (call: RecordedCall) => slackFileImages(jsonArg(call.args, "blocks"));
const isPreviewUpdate = (call: RecordedCall) =>
  call.method === "chat.update" && call.status === 200 && drawnFiles(call).length > 0;
const isPreviewGrant = (call: RecordedCall) =>
  call.method === "files.getUploadURLExternal" && call.args["filename"] === "preview.png";
const isResultGrant = (call: RecordedCall) =>
  call.method === "files.getUploadURLExternal" && String(call.args["filename"]).startsWith("imagine-");

/** Index of the first call matching `pred` (the fake's calls are in the order they arrived). */
function firstIndex(calls: readonly RecordedCall[], pred: (call: RecordedCall) => boolean): number {
  const index = calls.findIndex(pred);
  if (index < 0) throw new Error("no such call");
  return index;
}

/** POSTs a signed mention to the bot's HTTP server; answers the mention's ts. */
async function mentionOverHttp(h: Harness, text: string): Promise<string> {
  const ts = h.slack.newTs();
  const event = { type: "app_mention", user: alice, text: `<@${h.slack.botUserId}> ${text}`, channel, ts };
  const request = h.slack.signedEventRequest(h.slack.eventCallback(event), { signingSecret });
  const response = await fetch(`http://127.0.0.1:${h.bot.http.port}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  await response.arrayBuffer();
  return ts;
}

describe("live previews in the Slack thread", () => {
  it.each([
    ["Socket Mode, /imagine", "socket"],
    ["HTTP mode, a mention", "http"],
  ] as const)(
    "%s: each partial is drawn in the progress message, then the result, then the previews are deleted",
    async (_name, mode) => {
      harness = await startHarness({ mode, env: { IMAGINE_PARTIAL_IMAGES: "3" } });
      const { slack, cometapi } = harness;
      // A share is listed only on the second look, as Slack lists it a moment after the upload.
      slack.delayFileShares(1);
      const final = gate();
      cometapi.enqueue({
        kind: "stream",
        partials: [png.preview1, png.preview2, preview3],
        images: [png.image1],
        holdBeforeFinal: final.opened,
      });

      let threadTs: string;
      if (mode === "socket") {
        await slack.sendSlashCommand({
          command: "/imagine",
          text: "a comet",
          userId: alice,
          channelId: channel,
        });
        const root = await slack.waitForCall(
          (call) => call.method === "chat.postMessage" && call.args["thread_ts"] === undefined,
        );
        threadTs = (root.response as { ts: string }).ts;
      } else {
        threadTs = await mentionOverHttp(harness, "a comet");
      }
      // The last partial reaches the thread: its bytes were uploaded and the message draws it.
      await slack.waitUntil(() => {
        const last = slack.uploads.find((upload) => upload.bytes.equals(preview3));
        return (
          last !== undefined &&
          slack.calls.some((c) => isPreviewUpdate(c) && drawnFiles(c)[0] === last.fileId)
        );
      }, "the last preview drawn");
      final.open();
      const thread = await harness.waitForThread(
        channel,
        threadTs,
        (messages) => hasImages(messages) && hasLastWord(messages),
      );
      await harness.bot.stop();

      const calls = [...slack.calls];
      // Every drawn preview was shared in the channel first (the fake refuses the block otherwise)…
      const drawn = calls.filter(isPreviewUpdate).flatMap(drawnFiles);
      expect(drawn.length).toBeGreaterThan(0);
      // …uploaded and drawn before the result's upload began.
      expect(firstIndex(calls, isPreviewGrant)).toBeLessThan(firstIndex(calls, isPreviewUpdate));
      expect(firstIndex(calls, isPreviewUpdate)).toBeLessThan(firstIndex(calls, isResultGrant));
      // The thread holds the progress message (now the last word) and the result, nothing more:
      // the messages that shared the previews were deleted.
      const replies = thread.filter((message) => message.ts !== threadTs);
      expect(replies).toHaveLength(2);
      expect(withButtons(replies)).toHaveLength(1);
      expect(replies.filter((message) => message.files?.length)).toEqual([
        expect.objectContaining({ files: [expect.objectContaining({ name: "imagine-1.png" })] }),
      ]);
      // Every preview file is deleted, after the result was posted; none is still drawn anywhere.
      const previews = slack.uploads.filter((upload) => upload.filename === "preview.png");
      expect(previews.length).toBeGreaterThan(0);
      for (const preview of previews) expect(slack.fileExists(preview.fileId)).toBe(false);
      const lastDelete = calls.findLastIndex(
        (c) => c.method === "files.delete" && c.args["file"] === previews.at(-1)!.fileId,
      );
      expect(lastDelete).toBeGreaterThan(
        firstIndex(calls, (c) => c.method === "files.completeUploadExternal" && isResult(c)),
      );
      expect(slack.missingImages(channel)).toEqual([]);
      expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1]);
      // What people read in the progress message went on beside the pictures.
      expect(harness.placeholderHistory(channel, threadTs)).toContain(
        ":art: Drawing your image… (preview 3 of 3 received)",
      );
    },
  );
});

/** A `files.completeUploadExternal` that posted a result (its files are named imagine-N). */
function isResult(call: RecordedCall): boolean {
  const files = jsonArg(call.args, "files");
  return Array.isArray(files) && files.some((file: { title?: string }) => file.title?.startsWith("imagine-"));
}

describe("live previews when Slack holds back", () => {
  it("skips previews on a rate-limited upload, without waiting, and the job ends with its image", async () => {
    harness = await startHarness({ env: { IMAGINE_PARTIAL_IMAGES: "2" } });
    const { slack, cometapi } = harness;
    // Retry-After far past the test's patience: waiting it out anywhere would time the test out.
    slack.failNext("files.getUploadURLExternal", { error: "ratelimited", retryAfterSeconds: 600 });
    const final = gate();
    cometapi.enqueue({
      kind: "stream",
      partials: [png.preview1, png.preview2],
      images: [png.image1],
      holdBeforeFinal: final.opened,
    });
    cometapi.enqueue({ kind: "stream", partials: [png.preview1], images: [png.image2] });

    const first = await harness.mention("a comet");
    // The text progress goes on after the refusal.
    await harness.waitForThread(channel, first, (messages) =>
      messages.some((message) => message.text.includes("preview 2 of 2 received")),
    );
    final.open();
    await harness.waitForThread(channel, first, (messages) => hasImages(messages) && hasLastWord(messages));
    const second = await harness.mention("another comet");
    await harness.waitForThread(channel, second, (messages) => hasImages(messages) && hasLastWord(messages));

    // One preview was tried and refused; the workspace's previews then wait out Retry-After.
    expect(slack.calls.filter(isPreviewGrant)).toHaveLength(1);
    expect(slack.calls.filter(isPreviewUpdate)).toEqual([]);
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1, png.image2]);
    expect(harness.log.records().some((record) => record["reason"] === "ratelimited")).toBe(true);
  });

  it("goes on with text when Slack never lists the preview as shared, and deletes the file", async () => {
    harness = await startHarness({ env: { IMAGINE_PARTIAL_IMAGES: "1" } });
    const { slack, cometapi } = harness;
    slack.delayFileShares(1000);
    const final = gate();
    cometapi.enqueue({
      kind: "stream",
      partials: [png.preview1],
      images: [png.image1],
      holdBeforeFinal: final.opened,
    });

    const ts = await harness.mention("a comet");
    // The bot looks for the share as often as it was told to, then gives the preview up.
    await harness.log.waitForRecord((record) => record["reason"] === "not_shared_in_time");
    final.open();
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    await harness.bot.stop();

    const previews = slack.uploads.filter((upload) => upload.filename === "preview.png");
    expect(previews).toHaveLength(1);
    expect(slack.fileExists(previews[0]!.fileId)).toBe(false);
    expect(slack.calls.filter(isPreviewUpdate)).toEqual([]);
    const replies = slack.messagesIn(channel, ts).filter((message) => message.ts !== ts);
    expect(replies).toHaveLength(2);
  });

  it("drops the preview and keeps the text when Slack refuses to draw it (invalid_blocks)", async () => {
    harness = await startHarness({ env: { IMAGINE_PARTIAL_IMAGES: "1" } });
    const { slack, cometapi } = harness;
    const final = gate();
    cometapi.enqueue({
      kind: "stream",
      partials: [png.preview1],
      images: [png.image1],
      holdBeforeFinal: final.opened,
    });

    const ts = await harness.mention("a comet");
    // The preview is shared and its share message deleted: the next edit draws it, and is refused.
    await slack.waitForCall((call) => call.method === "chat.delete");
    slack.failNext("chat.update", { error: "invalid_blocks" });
    await harness.log.waitForRecord((record) => record["reason"] === "invalid_blocks");
    final.open();
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    await harness.bot.stop();

    const refused = slack.calls.filter(
      (call) => call.method === "chat.update" && drawnFiles(call).length > 0,
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]?.response).toMatchObject({ ok: false, error: "invalid_blocks" });
    const previews = slack.uploads.filter((upload) => upload.filename === "preview.png");
    expect(previews.map((preview) => slack.fileExists(preview.fileId))).toEqual([false]);
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1]);
  });

  it("posts the last word even while a preview hangs on Slack", async () => {
    harness = await startHarness({ env: { IMAGINE_PARTIAL_IMAGES: "1" } });
    const { slack, cometapi } = harness;
    slack.failNext("files.info", { error: "request_timeout", hang: true });
    const final = gate();
    cometapi.enqueue({
      kind: "stream",
      partials: [png.preview1],
      images: [png.image1],
      holdBeforeFinal: final.opened,
    });

    const ts = await harness.mention("a comet");
    await slack.waitForCall((call) => call.method === "files.info");
    final.open();
    const thread = await harness.waitForThread(
      channel,
      ts,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );
    expect(withButtons(thread)).toHaveLength(1);
  });
});
