import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/slack/index.ts";
import {
  alice,
  bob,
  channel,
  hasImages,
  hasLastWord,
  png,
  gate,
  resultUploads,
  startHarness,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("mentioning the bot in a channel", () => {
  it("answers in a thread: placeholder, previews, then the images with the prompt shown inert", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    const final = gate();
    cometapi.enqueue({
      kind: "stream",
      partials: [png.preview1, png.preview2],
      images: [png.image1, png.image2],
      holdBeforeFinal: final.opened,
    });

    const ts = await harness.mention(
      "a lighthouse at dawn & <!channel> <@U0MALLORY1> <http://evil.example|click> --size 1536x1024 --n 2 --quality high --model gpt-image-1",
    );
    await harness.waitForThread(channel, ts, (messages) =>
      messages.some((message) => message.text.includes("preview 2 of 2 received")),
    );
    final.open();
    const thread = await harness.waitForThread(
      channel,
      ts,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );

    expect(cometapi.requests).toHaveLength(1);
    expect(cometapi.requests[0]?.body).toMatchObject({
      model: "gpt-image-1",
      prompt: "a lighthouse at dawn & <!channel> <@U0MALLORY1> <http://evil.example|click>",
      size: "1536x1024",
      n: 2,
      quality: "high",
    });
    const escaped =
      "a lighthouse at dawn &amp; &lt;!channel&gt; &lt;@U0MALLORY1&gt; &lt;http://evil.example|click&gt;";
    expect(thread).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^:white_check_mark: Done in \d+\.\d s\. 2 images are below\.$/),
      }),
      expect.objectContaining({
        text: expect.stringMatching(
          new RegExp(
            `^“${escaped.replace(/[|.]/g, "\\$&")}”\\n1536x1024 · gpt-image-1 · high quality · \\d+\\.\\d s$`,
          ),
        ),
        files: [
          expect.objectContaining({ name: "imagine-1.png" }),
          expect.objectContaining({ name: "imagine-2.png" }),
        ],
      }),
    ]);
    expect(resultUploads(slack).map((upload) => upload.filename)).toEqual(["imagine-1.png", "imagine-2.png"]);
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1, png.image2]);

    const history = harness.placeholderHistory(channel, ts);
    expect(history[0]).toMatch(/^:(hourglass_flowing_sand|art): /);
    expect(history).toContain(":art: Drawing 2 images… (preview 2 of 2 received)");
    expect(history.at(-1)).toMatch(/^:white_check_mark: Done/);
    const upload = slack.calls.find((call) => call.method === "files.completeUploadExternal");
    expect(upload?.args).toMatchObject({ channel_id: channel, thread_ts: ts });
  });

  it("shows a queue position while another job holds the only slot", async () => {
    harness = await startHarness({ env: { IMAGINE_MAX_CONCURRENCY: "1" } });
    const { cometapi } = harness;
    const first = gate();
    cometapi.enqueue(
      { kind: "stream", partials: [], images: [png.image1], holdBeforeFinal: first.opened },
      { kind: "stream", partials: [], images: [png.image2] },
    );

    const firstTs = await harness.mention("a red boat");
    await cometapi.waitForRequests(1);
    const secondTs = await harness.mention("a blue boat", { user: bob });
    await harness.waitForThread(channel, secondTs, (messages) =>
      messages.some((message) => message.text.startsWith(":hourglass_flowing_sand: Next in line…")),
    );
    first.open();
    const finished = (messages: FakeMessage[]) => hasImages(messages) && hasLastWord(messages);
    await harness.waitForThread(channel, firstTs, finished);
    await harness.waitForThread(channel, secondTs, finished);

    expect(harness.placeholderHistory(channel, secondTs)[0]).toBe(":hourglass_flowing_sand: Next in line…");
    expect(harness.placeholderHistory(channel, secondTs).at(-1)).toMatch(/^:white_check_mark: Done/);
    expect(harness.slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1, png.image2]);
  });

  it("starts one job for an event Slack delivered three times, and for the same message under a new event id", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    const final = gate();
    cometapi.enqueue({ kind: "stream", partials: [], images: [png.image1], holdBeforeFinal: final.opened });

    const ts = slack.newTs();
    await harness.mention("a cat", { ts, eventId: "Ev0REPEAT01" });
    await harness.mention("a cat", { ts, eventId: "Ev0REPEAT01", retryAttempt: 1 });
    await harness.mention("a cat", { ts, eventId: "Ev0REPEAT01", retryAttempt: 2 });
    await harness.mention("a cat", { ts, eventId: "Ev0REPEAT02" });
    final.open();
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));

    expect(cometapi.requests).toHaveLength(1);
    expect(slack.uploads).toHaveLength(1);
    expect(slack.messagesIn(channel, ts)).toHaveLength(2);
  });

  it("answers a mention inside a thread in that thread", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const root = slack.newTs();
    const ts = slack.newTs();
    await slack.sendEvent({
      type: "app_mention",
      user: alice,
      text: `<@${slack.botUserId}> a kite`,
      channel,
      ts,
      thread_ts: root,
    });
    const thread = await harness.waitForThread(channel, root, hasImages);

    expect(thread.every((message) => message.thread_ts === root)).toBe(true);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
  });
});
