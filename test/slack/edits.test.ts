import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/slack/index.ts";
import {
  alice,
  bob,
  buttonsIn,
  channel,
  dmChannel,
  hasImages,
  hasLastWord,
  png,
  signingSecret,
  resultUploads,
  startHarness,
  withButtons,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** A real one-pixel GIF: an image, but not one the edits route takes. */
const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

const imageMessages = (messages: FakeMessage[]) => messages.filter((message) => message.files?.length);

/** Downloads of shared files' `url_private`, as the fake Slack saw them. */
const downloads = (h: Harness) => h.slack.calls.filter((call) => call.method === "url_private");

/** Alice shares `photo.png` (or the given bytes and name) and mentions the bot with it. */
async function mentionWithFile(
  h: Harness,
  text: string,
  file: { name?: string; bytes?: Buffer; change?: Record<string, unknown> } = {},
): Promise<string> {
  const shared = h.slack.shareFile({
    userId: alice,
    name: file.name ?? "photo.png",
    bytes: file.bytes ?? png.photo,
  });
  return h.mention(text, { files: [{ ...shared, ...file.change }] });
}

/** Waits for the one private answer a refused request gets. */
async function privateAnswer(h: Harness, channelId = channel, user = alice): Promise<string> {
  await h.slack.waitUntil(() => h.slack.ephemeralsFor(channelId, user).length === 1, "a private answer");
  return h.slack.ephemeralsFor(channelId, user)[0]!.text;
}

describe("editing an image shared with a mention", () => {
  it("sends the file's bytes, the prompt and the model to the edits route, and posts the result named after the input", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    let sendFinal!: () => void;
    const holdBeforeFinal = new Promise<void>((resolve) => (sendFinal = resolve));
    cometapi.enqueue({ kind: "stream", partials: [png.preview1], images: [png.image1], holdBeforeFinal });

    const ts = await mentionWithFile(harness, "make it snowy --model gpt-image-1");
    // Previews show while the edit is drawn, as for a generation.
    await harness.waitForThread(channel, ts, (m) =>
      m.some((message) => /preview 1 (of \d )?received/.test(message.text)),
    );
    sendFinal();
    const thread = await harness.waitForThread(channel, ts, (m) => hasImages(m) && hasLastWord(m));

    expect(cometapi.requests).toHaveLength(1);
    const [edit] = cometapi.requests;
    expect(edit?.route).toBe("edits");
    expect(edit?.files["image"]?.bytes).toEqual(png.photo);
    expect(edit?.body).toMatchObject({ prompt: "make it snowy", model: "gpt-image-1" });
    expect(imageMessages(thread)[0]?.text).toMatch(
      /^“make it snowy”\nedited from photo\.png · 1024x1024 · gpt-image-1 · \d+\.\d s$/,
    );
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1]);
    // The download carried the bot token, as url_private requires; the log never shows it.
    expect(downloads(harness).map((call) => [call.token, call.status])).toEqual([[slack.botToken, 200]]);
    const log = harness.log.lines.join("\n");
    expect(log).not.toContain(slack.botToken);
    expect(log).not.toContain("[redacted]");
    const [job] = await harness.store.recentJobs("slack", alice, 1);
    expect(job?.request.edit).toEqual({
      image: {
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/F/),
        name: "photo.png",
        declaredBytes: png.photo.length,
      },
    });
  });

  it("edits an image sent in a direct message, and never an image the bot itself posted there", async () => {
    harness = await startHarness({ env: { SLACK_ALLOW_DMS: "true" } });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const ownResult = slack.shareFile({ userId: slack.botUserId, name: "imagine-1.png", bytes: png.image2 });
    const photo = slack.shareFile({ userId: alice, name: "photo.png", bytes: png.photo });
    const message = { type: "message", subtype: "file_share", channel_type: "im", channel: dmChannel };

    await slack.sendEvent({
      ...message,
      user: slack.botUserId,
      text: "“a cat”",
      files: [ownResult],
      ts: slack.newTs(),
    });
    const ts = slack.newTs();
    await slack.sendEvent({ ...message, user: alice, text: "make it blue", files: [photo], ts });
    await harness.waitForThread(dmChannel, ts, (m) => hasImages(m) && hasLastWord(m));

    expect(cometapi.requests).toHaveLength(1);
    expect(cometapi.requests[0]?.route).toBe("edits");
    expect(cometapi.requests[0]?.files["image"]?.bytes).toEqual(png.photo);
    expect(cometapi.requests[0]?.body).toMatchObject({ prompt: "make it blue" });
  });

  it("makes an image from the prompt alone when the message's files hold no image", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const notes = slack.shareFile({ userId: alice, name: "notes.txt", bytes: Buffer.from("a list") });

    const ts = await harness.mention("a lighthouse", { files: [notes] });
    await harness.waitForThread(channel, ts, (m) => hasImages(m) && hasLastWord(m));

    expect(cometapi.requests.map((request) => request.route)).toEqual(["generations"]);
    expect(downloads(harness)).toEqual([]);
  });

  it("works the same over HTTP mode", async () => {
    harness = await startHarness({ mode: "http" });
    const { slack, cometapi, bot } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const photo = slack.shareFile({ userId: alice, name: "photo.png", bytes: png.photo });
    const ts = slack.newTs();
    const event = {
      type: "app_mention",
      user: alice,
      text: `<@${slack.botUserId}> add a hat`,
      channel,
      ts,
      files: [photo],
    };
    const request = slack.signedEventRequest(slack.eventCallback(event), { signingSecret });

    const response = await fetch(`http://127.0.0.1:${bot.http.port}/slack/events`, {
      method: "POST",
      headers: request.headers,
      body: request.body,
    });
    await response.arrayBuffer();
    await harness.waitForThread(channel, ts, (m) => hasImages(m) && hasLastWord(m));

    expect(response.status).toBe(200);
    expect(cometapi.requests[0]?.route).toBe("edits");
    expect(cometapi.requests[0]?.files["image"]?.bytes).toEqual(png.photo);
  });
});

describe("edits that are refused", () => {
  it("tells a GIF is not an image it can edit, and sends nothing upstream", async () => {
    harness = await startHarness();
    const { cometapi } = harness;

    const ts = await mentionWithFile(harness, "make it move", { name: "party.gif", bytes: gif });
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(thread.map((message) => message.text)).toEqual([
      ":warning: That file isn't an image I can edit: use a PNG, JPEG or WebP.",
    ]);
    expect(cometapi.requests).toEqual([]);
  });

  it("refuses privately a file Slack says is over the limit, before downloading it", async () => {
    harness = await startHarness({ env: { IMAGINE_MAX_INPUT_IMAGE_MB: "2" } });
    const { cometapi } = harness;

    await mentionWithFile(harness, "make it snowy", { change: { size: 2 * 1024 * 1024 + 1 } });

    expect(await privateAnswer(harness)).toBe("That image is too large to edit; the limit is 2 MB.");
    expect(downloads(harness)).toEqual([]);
    expect(cometapi.requests).toEqual([]);
  });

  it("refuses privately a model that cannot edit, naming those that can, and sends nothing upstream", async () => {
    harness = await startHarness();
    const { cometapi } = harness;

    await mentionWithFile(harness, "make it snowy --model dall-e-3");

    expect(await privateAnswer(harness)).toMatch(
      /^That model can't edit images; these can: gpt-image-1(, [\w.-]+)*\.$/,
    );
    expect(downloads(harness)).toEqual([]);
    expect(cometapi.requests).toEqual([]);
  });

  it("refuses a file whose address is not Slack's, and fetches nothing", async () => {
    harness = await startHarness();
    const { cometapi } = harness;
    const foreign = "https://files.slack.com.attacker.invalid/files-pri/T0/F0/photo.png";

    await mentionWithFile(harness, "make it snowy", { change: { url_private: foreign } });

    expect(await privateAnswer(harness)).toBe(
      "I can only edit images posted here (an attachment or a file in this conversation).",
    );
    expect(downloads(harness)).toEqual([]);
    expect(cometapi.requests).toEqual([]);
  });

  it("says so privately when Slack will not describe the shared file", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    slack.failNext("files.info", { error: "file_not_found" });

    await harness.mention("make it snowy", { files: [{ id: "F0HIDDEN01", file_access: "check_file_info" }] });

    expect(await privateAnswer(harness)).toBe("I couldn't download the image to edit. Please try again.");
    expect(cometapi.requests).toEqual([]);
  });
});

describe("Vary on a result", () => {
  /** Mentions the bot with `asked`, waits for the result, and has `bob` submit Vary's form with `prompt`. */
  async function varyResult(
    h: Harness,
    prompt: string,
    asked = "a cat on a wall",
  ): Promise<{ ts: string; resultFileId: string }> {
    const ts = await h.mention(asked);
    const thread = await h.waitForThread(channel, ts, (m) => hasImages(m) && withButtons(m).length === 1);
    const resultFileId = imageMessages(thread)[0]!.files![0]!.id;
    await h.click(withButtons(thread)[0]!, "vary", bob);
    await h.slack.waitUntil(() => h.slack.views().length === 1, "the Vary modal to open");
    await h.slack.submitView({
      callbackId: "imagine:vary",
      userId: bob,
      values: { prompt: { prompt: { type: "plain_text_input", value: prompt } } },
    });
    await h.waitForThread(channel, ts, (m) => imageMessages(m).length === 2 && withButtons(m).length === 2);
    return { ts, resultFileId };
  }

  it("edits the result image with the new prompt: its bytes reach the edits route", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

    const { ts, resultFileId } = await varyResult(harness, "a dog on a wall");

    expect(cometapi.requests.map((request) => request.route)).toEqual(["generations", "edits"]);
    expect(cometapi.requests[1]?.files["image"]?.bytes).toEqual(png.image1);
    expect(cometapi.requests[1]?.body).toMatchObject({ prompt: "a dog on a wall", model: "gpt-image-1" });
    expect(
      slack.calls.filter((call) => call.method === "files.info").map((call) => call.args["file"]),
    ).toEqual([resultFileId]);
    expect(downloads(harness).map((call) => [call.args["file_id"], call.token])).toEqual([
      [resultFileId, slack.botToken],
    ]);
    expect(imageMessages(slack.messagesIn(channel, ts))[1]?.text).toMatch(
      /^“a dog on a wall”\nedited from imagine-1\.png · /,
    );
    // Reroll of the edit edits the same image again: its input and the bot token go with it.
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const edited = withButtons(slack.messagesIn(channel, ts))[1]!;
    expect(buttonsIn(edited).map((button) => button.label)).toContain("🔁 Reroll");
    await harness.click(edited, "reroll", alice);
    await harness.waitForThread(channel, ts, (m) => imageMessages(m).length === 3);
    expect(cometapi.requests[2]?.route).toBe("edits");
    expect(cometapi.requests[2]?.files["image"]?.bytes).toEqual(png.image1);
  });

  it("makes a new image from the prompt when Slack cannot say where the result is, and logs why", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    slack.failNext("files.info", { error: "file_not_found" });

    await varyResult(harness, "a dog on a wall");

    expect(cometapi.requests.map((request) => request.route)).toEqual(["generations", "generations"]);
    expect(cometapi.requests[1]?.body).toMatchObject({ prompt: "a dog on a wall" });
    expect(harness.log.records()).toContainEqual(
      expect.objectContaining({
        level: 40,
        slackError: "file_not_found",
        msg: "could not look up the result image for Vary; making a new image from the prompt instead",
      }),
    );
  });

  it("makes a new image from the prompt for a model that cannot edit", async () => {
    harness = await startHarness();
    const { cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

    await varyResult(harness, "a dog on a wall", "a cat on a wall --model dall-e-3");

    expect(cometapi.requests.map((request) => request.route)).toEqual(["generations", "generations"]);
    expect(cometapi.requests[1]?.body).toMatchObject({ prompt: "a dog on a wall", model: "dall-e-3" });
    expect(downloads(harness)).toEqual([]);
  });
});
