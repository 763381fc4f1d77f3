import { afterEach, describe, expect, it, vi } from "vitest";
import { channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const finished = (messages: Parameters<typeof hasImages>[0]) => hasImages(messages) && hasLastWord(messages);

describe("uploading the images", () => {
  it("sends each image to its upload URL as the raw bytes, then shares them all in one message", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });

    const ts = await harness.mention("two cats --n 2");
    const thread = await harness.waitForThread(channel, ts, finished);

    // Slack's upload service takes a file as the raw body: no multipart form to build or parse.
    expect(slack.uploads.map(({ contentType, bytes }) => ({ contentType, bytes }))).toEqual([
      { contentType: "application/octet-stream", bytes: png.image1 },
      { contentType: "application/octet-stream", bytes: png.image2 },
    ]);
    expect(slack.calls.filter((call) => call.method === "files.getUploadURLExternal")).toHaveLength(2);
    expect(slack.calls.filter((call) => call.method === "files.completeUploadExternal")).toHaveLength(1);
    expect(thread.find((message) => message.files)?.files?.map((file) => file.name)).toEqual([
      "imagine-1.png",
      "imagine-2.png",
    ]);
  });

  it("tries an upload again when the upload service fails, as every other Slack call", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    // Three retries, as the WebClient gives the Web API's calls.
    slack.failUpload({ status: 503, times: 3 });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, finished);

    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
    expect(thread.at(-1)?.files?.map((file) => file.name)).toEqual(["imagine-1.png"]);
  });

  it("waits out a rate-limited upload as long as Retry-After asks, however short its backoff", async () => {
    // Backoff of a millisecond (the harness's): only Retry-After can make the bot wait.
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    slack.failUpload({ status: 429, retryAfterSeconds: 0.3 });

    const ts = await harness.mention("a cat");
    await harness.waitForThread(channel, ts, finished);

    const tries = slack.calls.filter((call) => call.method === "upload_url");
    expect(tries.map((call) => call.status)).toEqual([429, 200]);
    expect(tries[1]!.receivedAt - tries[0]!.receivedAt).toBeGreaterThanOrEqual(290);
  });

  it("gives up at once, and says so, when Retry-After reaches past the upload's deadline", async () => {
    harness = await startHarness({ adapter: { uploads: { deadlineMs: 5_000 } } });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    slack.failUpload({ status: 429, retryAfterSeconds: 30 });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(slack.calls.filter((call) => call.method === "upload_url").map((call) => call.status)).toEqual([
      429,
    ]);
    expect(thread.map((message) => message.text)).toEqual([
      ":warning: The image was made but could not be posted here: Slack is limiting how fast I may post (try again in a minute).",
    ]);
  });

  it("hangs up on an upload service that never answers once the deadline passes, and says so", async () => {
    const deadlineMs = 300;
    harness = await startHarness({ adapter: { uploads: { deadlineMs } } });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    slack.failUpload({ stall: true });

    const ts = await harness.mention("a cat");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(thread.map((message) => message.text)).toEqual([
      ":warning: The image was made but could not be posted here: Slack failed on its side (try again in a minute).",
    ]);
    const held = slack.calls.find((call) => call.method === "upload_url")!;
    const told = slack.calls.findLast((call) => call.method === "chat.update")!;
    // The deadline, not undici's five minutes a try, ended it.
    expect(told.receivedAt - held.receivedAt).toBeGreaterThanOrEqual(deadlineMs - 10);
    expect(told.receivedAt - held.receivedAt).toBeLessThan(deadlineMs + 5_000);
    await vi.waitFor(() => expect(slack.heldRequests()).toBe(0), { timeout: 5_000 });
    expect(slack.calls.some((call) => call.method === "files.completeUploadExternal")).toBe(false);
  });
});
