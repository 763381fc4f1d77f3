import { afterEach, describe, expect, it } from "vitest";
import { buttonIdPattern } from "../../src/core/jobs/button-ids.ts";
import type { CommandUploadInput, FakeMessage } from "../fakes/discord/index.ts";
import { makePng } from "../fakes/png.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { untilStatus } from "../support/job-rows.ts";
import { jobIdOf, png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The picture people attach: a real PNG unlike every image the fake CometAPI answers with. */
const photo = makePng(6, 6, [30, 160, 90]);
const mask = makePng(6, 6, [0, 0, 0]);
/** A real GIF header and nothing a PNG, JPEG or WebP would start with. */
const gif = Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.alloc(32)]);

const withDallE = { IMAGINE_MODELS: "gpt-image-1,dall-e-3" };

/** The fake Discord's downloads of the files it serves (attachments and uploads alike). */
const downloads = () => harness!.discord.calls.filter((call) => call.route === "attachment");

/** Sends `/imagine` with `image` (and `mask`) attached; answers the interaction's token. */
function imagineWith(
  options: Record<string, string | number>,
  attachments: Record<string, CommandUploadInput>,
): string {
  return harness!.imagine(options, { attachments });
}

describe("/imagine with an image on Discord", () => {
  it("edits the attached picture: its bytes, the prompt and the model go to the edits route; previews show; the result names it", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([png.preview], [png.image2]);
    cometapi.enqueue(behaviour);

    const token = imagineWith(
      { prompt: "make it night" },
      { image: { filename: "my_cat *best*.png", bytes: photo } },
    );
    await harness.waitUntil(() => discord.messageFor(token)?.content.endsWith("preview 1)") ?? false);
    expect(discord.messageFor(token)!.attachments.map((a) => a.bytes)).toEqual([png.preview]);
    release();
    const reply = await harness.untilFinal(token);

    expect(cometapi.requests).toHaveLength(1);
    const sent = cometapi.requests[0]!;
    expect(sent.route).toBe("edits");
    expect(sent.files["image"]?.bytes).toEqual(photo);
    expect(sent.files["mask"]).toBeUndefined();
    expect(sent.body).toMatchObject({ prompt: "make it night", model: "gpt-image-1" });
    expect(downloads()).toHaveLength(1);

    expect(reply.attachments.map((a) => a.bytes)).toEqual([png.image2]);
    // The name as inert text: what the person typed into the file name stays as typed.
    expect(reply.content).toContain("edited from my\\_cat \\*best\\*.png");
    expect(reply.content).toMatch(/^\*\*Prompt:\*\* make it night\n/);
    const row = await untilStatus(harness.store, jobIdOf(reply), "done");
    expect(row.request.edit).toEqual({
      image: {
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//) as string,
        name: "my_cat *best*.png",
        declaredBytes: photo.length,
      },
    });
  });

  it("sends a mask with the picture", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = imagineWith(
      { prompt: "a hat", count: 1 },
      { image: { filename: "cat.png", bytes: photo }, mask: { filename: "where.png", bytes: mask } },
    );
    const reply = await harness.untilFinal(token);
    expect(reply.content).toContain("edited from cat.png");
    const sent = harness.cometapi.requests[0]!;
    expect(sent.route).toBe("edits");
    expect(sent.files["image"]?.bytes).toEqual(photo);
    expect(sent.files["mask"]?.bytes).toEqual(mask);
  });

  it("answers a mask without an image privately, sending nothing upstream", async () => {
    harness = await startDiscordHarness();
    const token = imagineWith({ prompt: "a hat" }, { mask: { filename: "where.png", bytes: mask } });
    expect(await harness!.privateAnswer(token)).toBe(
      "Attach the image the mask is for, with the `image` option.",
    );
    expect(harness.cometapi.requests).toEqual([]);
  });

  it("makes an image from text as before when nothing is attached", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const reply = await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));
    expect(harness.cometapi.requests[0]?.route).toBe("generations");
    expect(reply.content).not.toContain("edited from");
  });
});

describe("refused edits on Discord", () => {
  it("names the models that can edit when the chosen one cannot, and fetches and sends nothing", async () => {
    harness = await startDiscordHarness(withDallE);
    const token = imagineWith(
      { prompt: "make it night", model: "dall-e-3" },
      { image: { filename: "cat.png", bytes: photo } },
    );
    expect(await harness!.privateAnswer(token)).toBe("That model can't edit images; these can: gpt-image-1.");
    expect(downloads()).toHaveLength(0);
    expect(harness.cometapi.requests).toHaveLength(0);
  });

  it("refuses a picture Discord says is too large before downloading it", async () => {
    harness = await startDiscordHarness();
    const token = imagineWith(
      { prompt: "make it night" },
      { image: { filename: "huge.png", bytes: photo, size: 21 * 1024 * 1024 } },
    );
    expect(await harness!.privateAnswer(token)).toBe("That image is too large to edit; the limit is 20 MB.");
    expect(downloads()).toHaveLength(0);
    expect(harness.cometapi.requests).toHaveLength(0);
  });

  it("refuses a picture on a host that is not Discord's, fetching nothing", async () => {
    harness = await startDiscordHarness();
    const token = imagineWith(
      { prompt: "make it night" },
      {
        image: {
          filename: "cat.png",
          bytes: photo,
          url: "https://cdn.discordapp.com.attacker.invalid/cat.png",
        },
      },
    );
    expect(await harness!.privateAnswer(token)).toBe(
      "I can only edit images posted here (an attachment or a file in this conversation).",
    );
    expect(downloads()).toHaveLength(0);
    expect(harness.cometapi.requests).toHaveLength(0);
  });

  it("refuses a GIF by its bytes once downloaded, without Retry, and sends nothing upstream", async () => {
    harness = await startDiscordHarness();
    const token = imagineWith({ prompt: "make it night" }, { image: { filename: "anim.gif", bytes: gif } });
    const reply = await harness.untilFinal(token);
    expect(reply.content).toBe("⚠️ That file isn't an image I can edit: use a PNG, JPEG or WebP.");
    expect(reply.buttons).toEqual([]);
    expect(downloads()).toHaveLength(1);
    expect(harness.cometapi.requests).toHaveLength(0);
  });
});

describe("Edit image on a message", () => {
  /** A member's message with a text file and then a picture. */
  const postPicture = () =>
    harness!.discord.postMessage({
      userId: "800000000000000031",
      content: "my garden",
      files: [
        { filename: "notes.txt", bytes: Buffer.from("not a picture") },
        { filename: "garden.png", bytes: photo },
      ],
    });

  it("asks for a prompt in a form, then edits the message's first picture", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    const message = postPicture();

    const command = discord.sendMessageCommand({ commandName: "Edit image", messageId: message.id });
    await harness.waitUntil(() => discord.modalFor(command.token) !== undefined);
    const modal = discord.modalFor(command.token)!;
    expect(modal.customId).not.toMatch(buttonIdPattern);
    expect(modal.inputs).toMatchObject([{ required: true }]);
    expect(cometapi.requests).toHaveLength(0);

    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(behaviour);
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: "add a pond" },
    });
    await harness.waitUntil(() => discord.messageFor(sent.token)?.content.endsWith("preview 1)") ?? false);
    release();
    const reply = await harness.untilFinal(sent.token);

    const request = cometapi.requests[0]!;
    expect(request.route).toBe("edits");
    expect(request.files["image"]?.bytes).toEqual(photo);
    expect(request.body).toMatchObject({ prompt: "add a pond", model: "gpt-image-1" });
    expect(reply.content).toContain("edited from garden.png");
    expect(reply.attachments.map((a) => a.bytes)).toEqual([png.image1]);
    await untilStatus(harness.store, jobIdOf(reply), "done");
  });

  it("says privately that a message without a picture has nothing to edit, and opens no form", async () => {
    harness = await startDiscordHarness();
    const message = harness.discord.postMessage({
      content: "just words",
      files: [{ filename: "notes.txt", bytes: Buffer.from("hi") }],
    });
    const command = harness.discord.sendMessageCommand({ commandName: "Edit image", messageId: message.id });
    expect(await harness!.privateAnswer(command.token)).toBe(
      "That message has no image to edit. Use Edit image on one that has.",
    );
    expect(harness.discord.modalFor(command.token)).toBeUndefined();
    expect(harness.cometapi.requests).toHaveLength(0);
  });

  it("asks to use Edit image again when the form was left open too long", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, {}, { now: () => now });
    const { discord } = harness;
    const command = discord.sendMessageCommand({ commandName: "Edit image", messageId: postPicture().id });
    await harness.waitUntil(() => discord.modalFor(command.token) !== undefined);
    const modal = discord.modalFor(command.token)!;

    now += 31 * 60_000;
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: "add a pond" },
    });
    expect(await harness!.privateAnswer(sent.token)).toBe(
      "That form has expired. Use Edit image on the message again.",
    );
    expect(downloads()).toHaveLength(0);
    expect(harness.cometapi.requests).toHaveLength(0);
  });

  it("asks to use Edit image again when the bot restarted while the form was open", async () => {
    harness = await startDiscordHarness();
    const { discord } = harness;
    const command = discord.sendMessageCommand({ commandName: "Edit image", messageId: postPicture().id });
    await harness.waitUntil(() => discord.modalFor(command.token) !== undefined);
    const modal = discord.modalFor(command.token)!;

    await harness.restart();
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: "add a pond" },
    });
    expect(await harness!.privateAnswer(sent.token)).toBe(
      "That form has expired. Use Edit image on the message again.",
    );
    expect(downloads()).toHaveLength(0);
    expect(harness.cometapi.requests).toHaveLength(0);
  });
});

describe("Vary on Discord with a model that edits", () => {
  /** A finished result of `options`, made for `requester`. */
  async function finishedImage(
    options: Record<string, string | number>,
    env: Record<string, string> = {},
  ): Promise<FakeMessage> {
    harness = await startDiscordHarness(env);
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const reply = await harness.untilFinal(harness.imagine(options));
    expect(reply.attachments.map((a) => a.bytes)).toEqual([png.image1]);
    return reply;
  }

  /** Clicks Vary on `parent`, sends the form with `prompt`; answers the new reply once final. */
  async function vary(parent: FakeMessage, prompt: string): Promise<FakeMessage> {
    const { discord } = harness!;
    const click = harness!.click(parent, "vary");
    await harness!.waitUntil(() => discord.modalFor(click) !== undefined);
    const modal = discord.modalFor(click)!;
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: prompt },
    });
    return harness!.untilFinal(sent.token);
  }

  it("edits the result image itself with the new prompt", async () => {
    const parent = await finishedImage({ prompt: "a lighthouse", size: "1024x1536" });
    harness!.cometapi.enqueue({ kind: "json", images: [png.image2] });
    const reply = await vary(parent, "a lighthouse in a storm");

    const request = harness!.cometapi.requests[1]!;
    expect(request.route).toBe("edits");
    expect(request.files["image"]?.bytes).toEqual(png.image1);
    expect(request.body).toMatchObject({ prompt: "a lighthouse in a storm", size: "1024x1536" });
    expect(reply.content).toContain("edited from imagine-1.png");
    expect(reply.attachments.map((a) => a.bytes)).toEqual([png.image2]);
  });

  it("draws the new prompt afresh for a model that cannot edit", async () => {
    const parent = await finishedImage({ prompt: "a lighthouse", model: "dall-e-3" }, withDallE);
    harness!.cometapi.enqueue({ kind: "json", images: [png.image2] });
    const reply = await vary(parent, "a lighthouse in a storm");

    const request = harness!.cometapi.requests[1]!;
    expect(request.route).toBe("generations");
    expect(request.body).toMatchObject({ prompt: "a lighthouse in a storm", model: "dall-e-3" });
    expect(reply.content).not.toContain("edited from");
  });
});
