import { afterEach, describe, expect, it, vi } from "vitest";
import { alice, channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const finished = (messages: Parameters<typeof hasImages>[0]) => hasImages(messages) && hasLastWord(messages);

describe("when Slack or the image service fails", () => {
  it("waits out a rate-limited edit and still lands the final message", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    // Retry-After: 0 is still a rate limit the WebClient waits out (parseInt'ed, so no fractions);
    // that it waits as long as asked is test/e2e/slack-faults.test.ts's part.
    slack.failNext("chat.update", { error: "ratelimited", retryAfterSeconds: 0 });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, finished);

    const edits = slack.calls.filter((call) => call.method === "chat.update");
    expect(edits[0]?.status).toBe(429);
    expect(edits.at(-1)?.status).toBe(200);
    expect(thread.map((message) => message.text)).toEqual([
      expect.stringMatching(/^:white_check_mark: Done in .*Your image is below\.$/),
      expect.stringMatching(/^“a cat”/),
    ]);
  });

  it("posts the last word as a new message when the placeholder cannot be edited", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    slack.failNext("chat.update", { error: "cant_update_message", times: 20 });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, finished);

    expect(thread).toHaveLength(3);
    expect(thread[2]?.text).toMatch(/^:white_check_mark: Done in/);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
  });

  it("tells the person privately when the bot is not in the channel, and stops the job", async () => {
    harness = await startHarness();
    const { slack, cometapi, bot } = harness;
    cometapi.enqueue({ kind: "stall", as: "no-response" });
    slack.failNext("chat.postMessage", { error: "not_in_channel" });

    await harness.mention("a cat");
    await slack.waitForCall((call) => call.method === "chat.postEphemeral");

    expect(slack.ephemeralsFor(channel, alice).map((message) => message.text)).toEqual([
      "I can't answer here: I'm not a member of this channel (invite me with /invite, then ask again).",
    ]);
    await vi.waitFor(() => expect(bot.imagine.stats().totals.cancelled).toBe(1), { timeout: 5_000 });
    expect(slack.messagesIn(channel)).toEqual([]);
    expect(harness.log.records()).toContainEqual(
      expect.objectContaining({
        slackError: "not_in_channel",
        fix: expect.stringContaining("invite the bot"),
      }),
    );
  });

  it("says so in the thread when uploading the image fails after Slack granted the upload URL", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    // An upload is tried four times (three retries, as the WebClient's calls) before giving up.
    slack.failUpload({ status: 500, times: 4 });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(slack.calls.some((call) => call.method === "files.getUploadURLExternal")).toBe(true);
    expect(slack.calls.some((call) => call.method === "files.completeUploadExternal")).toBe(false);
    expect(thread.map((message) => message.text)).toEqual([
      ":warning: The image was made but could not be posted here: Slack failed on its side (try again in a minute).",
    ]);
  });

  it("shows the image service's content-policy refusal in the thread", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({
      kind: "error",
      status: 400,
      code: "moderation_blocked",
      message: "Your request was rejected",
    });

    const ts = await harness.mention("something forbidden");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(cometapi.requests).toHaveLength(1);
    expect(thread.map((message) => message.text)).toEqual([
      ":warning: The image service refused this prompt under its content policy. Try rewording it.",
    ]);
    expect(slack.uploads).toEqual([]);
  });
});
