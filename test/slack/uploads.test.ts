import { afterEach, describe, expect, it } from "vitest";
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
});
