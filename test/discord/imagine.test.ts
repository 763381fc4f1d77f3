import { afterEach, describe, expect, it, vi } from "vitest";
import type { RecordedCall } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { guild, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  vi.useRealTimers();
});

/** How often the reply's elapsed time moves, in the tests that tick by hand (production's pace). */
const tickMs = 5000;

/**
 * Makes intervals tick only when the test says (the reply's elapsed-time ticker among them; the
 * gateway heartbeat and REST sweepers, far longer, never come due). Timeouts and the clock stay real.
 */
function tickByHand(): { next(): void } {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  return { next: () => vi.advanceTimersByTime(tickMs) };
}

const isCallback = (token: string) => (call: RecordedCall) =>
  call.route === "interactionCallback" && call.params["token"] === token;
const isEdit = (token: string) => (call: RecordedCall) =>
  call.method === "PATCH" && call.route === "webhookMessage" && call.path.includes(`/${token}/`);

describe("/imagine on Discord", () => {
  it("defers at once, shows progress with the preview, then posts the image with the prompt as inert text", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(behaviour);

    const token = harness.imagine({ prompt: "a **fox** @everyone <@123> at dawn", size: "1536x1024" });
    const callback = await discord.waitForCall(isCallback(token));
    expect((callback.json as { type: number }).type).toBe(5);

    await harness.waitUntil(() =>
      (discord.messageFor(token)?.attachments[0]?.filename ?? "").startsWith("preview"),
    );
    const withPreview = discord.messageFor(token)!;
    expect(withPreview.content).toMatch(/^🎨 Generating… \(\d+ s, preview 1\)$/);
    expect(withPreview.attachments[0]!.bytes).toEqual(png.preview);
    release();

    await harness.waitUntil(() => discord.messageFor(token)?.content.startsWith("**Prompt:**") ?? false);
    const final = discord.messageFor(token)!;
    expect(final.ephemeral).toBe(false);
    expect(final.attachments.map((attachment) => attachment.filename)).toEqual(["imagine-1.png"]);
    expect(final.attachments[0]!.bytes).toEqual(png.image1);
    expect(final.content).toContain("a \\*\\*fox\\*\\* @everyone <@123> at dawn");
    expect(final.content).toMatch(/1536x1024 · gpt-image-1 · \d+\.\d s/);
    expect(final.allowedMentions).toEqual({ parse: [] });
    const edits = discord.calls.filter(isEdit(token));
    // "thinking…" stands until there is something new to show: the first edit brings the preview.
    expect((edits[0]!.json as { content: string }).content).toMatch(/preview 1\)$/);
    expect(
      edits.every(
        (edit) =>
          JSON.stringify((edit.json as { allowed_mentions?: unknown }).allowed_mentions) === '{"parse":[]}',
      ),
    ).toBe(true);
    expect(discord.calls.findIndex(isCallback(token))).toBeLessThan(discord.calls.findIndex(isEdit(token)));
    expect(cometapi.requests[0]?.body).toMatchObject({
      prompt: "a **fox** @everyone <@123> at dawn",
      size: "1536x1024",
    });
  });

  it("shows the queue position while another job runs, then both people get their own image", async () => {
    harness = await startDiscordHarness({ IMAGINE_MAX_CONCURRENCY: "1" });
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([], [png.image1]);
    cometapi.enqueue(behaviour, { kind: "json", images: [png.image2] });
    const first = harness.imagine({ prompt: "first" }, { userId: "800000000000000011" });
    await cometapi.waitForRequests(1);
    const second = harness.imagine({ prompt: "second" }, { userId: "800000000000000012" });
    await harness.waitUntil(() => discord.messageFor(second)?.content === "⏳ Waiting in line: position 1.");
    release();
    await harness.waitUntil(
      () =>
        (discord.messageFor(first)?.attachments.length ?? 0) > 0 &&
        (discord.messageFor(second)?.attachments.length ?? 0) > 0,
    );
    expect(discord.messageFor(first)!.attachments[0]!.bytes).toEqual(png.image1);
    expect(discord.messageFor(second)!.attachments[0]!.bytes).toEqual(png.image2);
  });

  it("splits images that don't fit one message's upload cap, and says so", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });
    const cap = png.image1.length + 10;
    const token = harness.imagine({ prompt: "two", count: 2 }, { attachmentSizeLimit: cap });
    await harness.waitUntil(() => discord.followupsFor(token).length === 1);
    expect(discord.messageFor(token)!.attachments.map((a) => a.bytes)).toEqual([png.image1]);
    expect(discord.messageFor(token)!.content).toContain("the rest follow below");
    expect(discord.followupsFor(token)[0]!.attachments.map((a) => a.bytes)).toEqual([png.image2]);
    expect(discord.followupsFor(token)[0]!.ephemeral).toBe(false);
    expect(discord.followupsFor(token)[0]!.allowedMentions).toEqual({ parse: [] });
  });

  it("posts several images in one message when they fit", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });
    const token = harness.imagine({ prompt: "two", count: 2 });
    await harness.waitUntil(() => (discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(discord.messageFor(token)!.attachments.map((a) => a.bytes)).toEqual([png.image1, png.image2]);
    expect(discord.followupsFor(token)).toEqual([]);
  });

  it("takes a Seedream size in any case and sends it as the model table writes it", async () => {
    const seedream = "doubao-seedream-4-0-250828";
    harness = await startDiscordHarness({ IMAGINE_MODELS: `gpt-image-1,${seedream}` });
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "a lighthouse", model: seedream, size: "2k" });
    await harness.waitUntil(() => (discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(cometapi.requests.find((request) => request.path.endsWith("/generations"))?.body).toMatchObject({
      model: seedream,
      size: "2K",
    });
    expect(discord.messageFor(token)!.content).toContain(`2K · ${seedream}`);
  });

  it("keeps a long prompt full of markdown within Discord's 2,000 characters", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "**_~".repeat(1000) });
    await harness.waitUntil(() => (discord.messageFor(token)?.attachments.length ?? 0) > 0);
    const { content } = discord.messageFor(token)!;
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/^\*\*Prompt:\*\* \\\*\\\*\\_~.*…\n1024x1024 · gpt-image-1 · /s);
  });

  it("moves the elapsed time along while generating, without a new event", async () => {
    const ticks = tickByHand();
    let now = middayUtc;
    harness = await startDiscordHarness({}, { tickMs }, { now: () => now });
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([], [png.image1]);
    cometapi.enqueue(behaviour);
    const token = harness.imagine({ prompt: "slowly" });
    // Under way (its ticker set) once the image service was asked; the first tick shows the time.
    await cometapi.waitForRequests(1);
    ticks.next();
    await harness.waitUntil(() => discord.messageFor(token)?.content === "🎨 Generating… (0 s)");
    now += 7000;
    ticks.next();
    await harness.waitUntil(() => discord.messageFor(token)?.content === "🎨 Generating… (7 s)");
    const edits = discord.calls.filter(isEdit(token)).length;
    // A tick that changes nothing the person sees costs no edit.
    ticks.next();
    release();
    await harness.waitUntil(() => (discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(discord.calls.filter(isEdit(token)).length).toBe(edits + 1);
  });

  it("moves the elapsed time beside a preview without uploading the preview again", async () => {
    const ticks = tickByHand();
    let now = middayUtc;
    harness = await startDiscordHarness({}, { tickMs }, { now: () => now });
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(behaviour);
    const token = harness.imagine({ prompt: "slowly, with a preview" });
    await harness.waitUntil(() => discord.messageFor(token)?.content.endsWith("preview 1)") ?? false);
    now += 7000;
    ticks.next();
    await harness.waitUntil(() => discord.messageFor(token)?.content === "🎨 Generating… (7 s, preview 1)");
    const tick = discord.calls.filter(isEdit(token)).at(-1)!;
    expect(tick.files).toEqual([]);
    expect(discord.messageFor(token)!.attachments.map((attachment) => attachment.bytes)).toEqual([
      png.preview,
    ]);
    release();
    await harness.waitUntil(() => discord.messageFor(token)?.content.startsWith("**Prompt:**") ?? false);
    expect(discord.messageFor(token)!.attachments.map((attachment) => attachment.bytes)).toEqual([
      png.image1,
    ]);
  });

  it("tells the person when an image is over the upload cap on its own", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "big" }, { attachmentSizeLimit: 10 });
    await harness.waitUntil(() => discord.messageFor(token)?.content.startsWith("⚠️") ?? false);
    expect(discord.messageFor(token)!.content).toContain("larger than this channel's upload limit");
  });

  it("works in a thread under an allowed channel", async () => {
    const thread = guild.threads[0]!;
    harness = await startDiscordHarness({ DISCORD_ALLOWED_CHANNEL_IDS: thread.parentId });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "in a thread" }, { channelId: thread.id });
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(harness.cometapi.requests).toHaveLength(1);
  });

  it("works in a thread the bot has not seen before, judged by its parent", async () => {
    harness = await startDiscordHarness({ DISCORD_ALLOWED_CHANNEL_IDS: textChannelId });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const input = { channelId: "333333333333333333", channelType: 11, parentId: textChannelId };
    const token = harness.imagine({ prompt: "in a new thread" }, input);
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(harness.cometapi.requests).toHaveLength(1);
  });

  it.each([
    ["quality", "", [], ["auto", "low", "medium", "high"]],
    ["quality", "h", [{ name: "model", type: 3, value: "dall-e-3" }], ["hd"]],
    ["model", "dall", [], ["dall-e-3"]],
    ["size", "", [], ["1024x1024", "1536x1024", "1024x1536", "auto"]],
  ])("suggests %s values for %j", async (focused, typed, others, expected) => {
    harness = await startDiscordHarness();
    const { token } = harness.discord.sendInteraction({
      commandName: "imagine",
      type: 4,
      options: [...others, { name: focused, type: 3, value: typed, focused: true }],
    });
    const callback = await harness.discord.waitForCall(isCallback(token));
    expect(callback.json).toEqual({
      type: 8,
      data: { choices: expected.map((value) => ({ name: value, value })) },
    });
  });

  it("offers only the models that edit when an image to edit is attached", async () => {
    harness = await startDiscordHarness({ IMAGINE_MODELS: "gpt-image-1,dall-e-3,gpt-image-1-mini" });
    const { discord } = harness;
    const ask = (withImage: boolean) =>
      discord.sendInteraction({
        commandName: "imagine",
        type: 4,
        options: [
          ...(withImage ? [{ name: "image", type: 11, value: "900000000000000077" }] : []),
          { name: "model", type: 3, value: "", focused: true },
        ],
      }).token;
    const choicesOf = async (token: string) =>
      (
        (await discord.waitForCall(isCallback(token))).json as { data: { choices: { value: string }[] } }
      ).data.choices.map((choice) => choice.value);
    expect(await choicesOf(ask(true))).toEqual(["gpt-image-1", "gpt-image-1-mini"]);
    expect(await choicesOf(ask(false))).toEqual(["gpt-image-1", "dall-e-3", "gpt-image-1-mini"]);
  });

  it("answers autocomplete with the chosen model's sizes", async () => {
    harness = await startDiscordHarness();
    const { discord } = harness;
    const { token } = discord.sendInteraction({
      commandName: "imagine",
      type: 4,
      options: [
        { name: "model", type: 3, value: "dall-e-3" },
        { name: "size", type: 3, value: "1792", focused: true },
      ],
    });
    const callback = await discord.waitForCall(isCallback(token));
    expect(callback.json).toEqual({
      type: 8,
      data: {
        choices: [
          { name: "1792x1024", value: "1792x1024" },
          { name: "1024x1792", value: "1024x1792" },
        ],
      },
    });
  });
});
