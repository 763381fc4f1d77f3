import { PermissionsBitField, PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage, RecordedCall } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { untilStatus } from "../support/job-rows.ts";
import { jobIdOf, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const requester = "800000000000000021";
const stranger = "800000000000000022";

const callbackType = (token: string) => {
  const call = harness!.discord.calls.find(
    (each) => each.route === "interactionCallback" && each.params["token"] === token,
  );
  return (call?.json as { type?: number } | undefined)?.type;
};
const isReplyEdit = (token: string) => (call: RecordedCall) =>
  call.method === "PATCH" && call.route === "webhookMessage" && call.path.includes(`/${token}/`);
const buttonsOf = (message: FakeMessage) =>
  message.buttons.map(({ label, customId }) => ({ label, customId }));

/** Starts the bot and has `requester` make one image of `options`; answers the finished reply. */
async function finishedImage(
  options: Record<string, string | number> = { prompt: "a lighthouse" },
  env: Record<string, string> = {},
  now?: () => number,
): Promise<FakeMessage> {
  harness = await startDiscordHarness(env, {}, now ? { now } : {});
  harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
  const reply = await harness.untilFinal(harness.imagine(options, { userId: requester }));
  expect(reply.attachments).toHaveLength(1);
  return reply;
}

describe("the buttons on a Discord result", () => {
  it("puts Reroll, Vary, Bigger and Delete under a finished image, naming its job; progress carries none", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(behaviour);
    const token = harness.imagine({ prompt: "a lighthouse" }, { userId: requester });
    await harness.waitUntil(() => discord.messageFor(token)?.content.endsWith("preview 1)") ?? false);
    expect(discord.messageFor(token)!.buttons).toEqual([]);
    release();
    const reply = await harness.untilFinal(token);

    const jobId = jobIdOf(reply);
    expect(reply.components).toHaveLength(1);
    expect(buttonsOf(reply)).toEqual([
      { label: expect.stringContaining("Reroll") as string, customId: `imagine:reroll:${jobId}` },
      { label: expect.stringContaining("Vary") as string, customId: `imagine:vary:${jobId}` },
      { label: expect.stringContaining("Bigger") as string, customId: `imagine:bigger:${jobId}` },
      { label: expect.stringContaining("Delete") as string, customId: `imagine:delete:${jobId}` },
    ]);
    const row = await untilStatus(harness.store, jobId, "done");
    // The interaction's token, kept only to close the job after a crash, is gone once it ended.
    expect(row).toMatchObject({ userId: requester, messageRefs: { replyId: reply.id, token: "" } });
    // Where the image is: a restart that lost the job's end sees that it was posted.
    expect(row.imageRefs).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.*imagine-1\.png$/)]);
    const edits = discord.calls.filter(isReplyEdit(token));
    const progress = edits.slice(0, -1).map((edit) => (edit.json as { components?: unknown[] }).components);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((components) => components === undefined || components.length === 0)).toBe(true);
  });

  it("offers Retry under a failure that is the bot's or the image service's", async () => {
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "0" });
    harness.cometapi.enqueue({ kind: "error", status: 500 });
    const reply = await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));
    expect(reply.content).toMatch(/^⚠️/);
    const jobId = jobIdOf(reply);
    expect(buttonsOf(reply)).toEqual([
      { label: expect.stringContaining("Retry") as string, customId: `imagine:retry:${jobId}` },
    ]);
    await untilStatus(harness.store, jobId, "failed");
  });

  it("offers no button under a prompt the image service refused", async () => {
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "0" });
    harness.cometapi.enqueue({ kind: "error", status: 400, code: "moderation_blocked", message: "blocked" });
    const reply = await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));
    expect(reply.content).toContain("content policy");
    expect(reply.buttons).toEqual([]);
  });
});

describe("Reroll on Discord", () => {
  it("makes the same request again for the member who clicked, in a new reply with its own buttons", async () => {
    const parent = await finishedImage({ prompt: "a lighthouse", size: "1536x1024", quality: "low" });
    const { discord, cometapi } = harness!;
    cometapi.enqueue({ kind: "json", images: [png.image2] });

    const click = harness!.click(parent, "reroll", { userId: stranger });
    const reply = await harness!.untilFinal(click);

    expect(callbackType(click)).toBe(5);
    expect(cometapi.requests[1]?.body).toMatchObject({
      prompt: "a lighthouse",
      model: "gpt-image-1",
      size: "1536x1024",
      quality: "low",
      n: 1,
    });
    expect(reply.id).not.toBe(parent.id);
    expect(reply.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
    const jobId = jobIdOf(reply);
    expect(jobId).not.toBe(jobIdOf(parent));
    expect(reply.buttons.map((button) => button.customId)).toEqual(
      ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:${jobId}`),
    );
    expect(await untilStatus(harness!.store, jobId, "done")).toMatchObject({
      parentId: jobIdOf(parent),
      userId: stranger,
    });
    // The image clicked on stays as it was.
    expect(discord.message(parent.id)).toMatchObject({ deleted: false, buttons: parent.buttons });
  });

  it("counts against the clicker's daily limit, not the requester's", async () => {
    const parent = await finishedImage(
      { prompt: "a lighthouse" },
      { IMAGINE_DAILY_LIMIT_PER_USER: "1" },
      () => middayUtc,
    );
    const { cometapi } = harness!;
    const spent = "800000000000000023";
    cometapi.enqueue({ kind: "json", images: [png.image2] }, { kind: "json", images: [png.image2] });
    await harness!.untilFinal(harness!.imagine({ prompt: "my own" }, { userId: spent }));
    expect(cometapi.requests).toHaveLength(2);

    const refused = harness!.click(parent, "reroll", { userId: spent });
    expect(await harness!.privateAnswer(refused)).toContain("daily limit of 1 image");
    expect(cometapi.requests).toHaveLength(2);

    // The requester has used theirs too; someone who has not may still reroll their image.
    const allowed = await harness!.untilFinal(harness!.click(parent, "reroll", { userId: stranger }));
    expect(allowed.attachments).toHaveLength(1);
    expect(cometapi.requests).toHaveLength(3);
  });
});

describe("Bigger on Discord", () => {
  it("asks for the model's largest size at its highest quality", async () => {
    const parent = await finishedImage({ prompt: "a lighthouse", size: "1024x1024", quality: "low" });
    const { cometapi } = harness!;
    cometapi.enqueue({ kind: "json", images: [png.image2] });
    const reply = await harness!.untilFinal(harness!.click(parent, "bigger", { userId: stranger }));
    expect(cometapi.requests[1]?.body).toMatchObject({
      prompt: "a lighthouse",
      model: "gpt-image-1",
      size: "1536x1024",
      quality: "high",
    });
    expect(reply.content).toContain("1536x1024 · gpt-image-1");
  });
});

describe("Vary on Discord", () => {
  it("answers with a modal holding the prompt, and sending it makes an image of the new prompt", async () => {
    const parent = await finishedImage({ prompt: "a lighthouse at dawn", size: "1024x1536" });
    const { discord, cometapi } = harness!;
    const click = harness!.click(parent, "vary", { userId: stranger });
    await harness!.waitUntil(() => discord.modalFor(click) !== undefined);

    expect(callbackType(click)).toBe(9);
    const modal = discord.modalFor(click)!;
    expect(modal.customId).toBe(`imagine:vary:${jobIdOf(parent)}`);
    expect(modal.inputs).toMatchObject([{ value: "a lighthouse at dawn", required: true }]);
    expect(cometapi.requests).toHaveLength(1);

    cometapi.enqueue({ kind: "json", images: [png.image2] });
    const input = modal.inputs[0]!.customId;
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [input]: "a lighthouse at dusk" },
    });
    const reply = await harness!.untilFinal(sent.token);

    expect(callbackType(sent.token)).toBe(5);
    expect(reply.content).toContain("a lighthouse at dusk");
    expect(cometapi.requests[1]?.body).toMatchObject({ prompt: "a lighthouse at dusk", size: "1024x1536" });
    expect(await untilStatus(harness!.store, jobIdOf(reply), "done")).toMatchObject({
      parentId: jobIdOf(parent),
      userId: stranger,
    });
  });
});

describe("Delete on Discord", () => {
  it("refuses a stranger privately and leaves the image", async () => {
    const parent = await finishedImage();
    const answer = await harness!.privateAnswer(harness!.click(parent, "delete", { userId: stranger }));
    expect(answer).toBe("Only the person who asked for this image, or a moderator, can delete it.");
    expect(harness!.discord.message(parent.id)!.deleted).toBe(false);
    expect((await harness!.store.findJob(jobIdOf(parent)))?.status).toBe("done");
  });

  const manageMessages = new PermissionsBitField(PermissionsBitField.Default)
    .add(PermissionFlagsBits.ManageMessages)
    .bitfield.toString();

  it.each([
    ["the requester", {}, { userId: requester }],
    ["a member who may Manage Messages", {}, { userId: stranger, memberPermissions: manageMessages }],
    ["an operator", { IMAGINE_ADMIN_USER_IDS: stranger }, { userId: stranger }],
  ])("removes the image when %s clicks it, and marks the job deleted", async (_who, env, clicker) => {
    const parent = await finishedImage({ prompt: "a lighthouse" }, env);
    const jobId = jobIdOf(parent);
    await untilStatus(harness!.store, jobId, "done");
    const click = harness!.click(parent, "delete", clicker);
    await harness!.waitUntil(() => harness!.discord.message(parent.id)!.deleted);
    expect(callbackType(click)).toBe(6);
    expect((await harness!.store.findJob(jobId))?.status).toBe("deleted");
  });

  it("removes every message the result went out in", async () => {
    harness = await startDiscordHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });
    const cap = png.image1.length + 10;
    const token = harness.imagine(
      { prompt: "two", count: 2 },
      { userId: requester, attachmentSizeLimit: cap },
    );
    await harness.waitUntil(() => discord.followupsFor(token).length === 1);
    const reply = discord.messageFor(token)!;
    const followUp = discord.followupsFor(token)[0]!;
    await untilStatus(harness.store, jobIdOf(reply), "done");

    harness.click(reply, "delete", { userId: requester });
    await harness.waitUntil(() => discord.message(followUp.id)!.deleted);
    expect(discord.message(reply.id)!.deleted).toBe(true);
  });

  it("removes a result the bot had to post in the channel", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, {}, { now: () => now });
    const { discord, cometapi } = harness;
    const { behaviour, release } = heldStream([], [png.image1]);
    cometapi.enqueue(behaviour);
    harness.imagine({ prompt: "very slow" }, { userId: requester });
    await cometapi.waitForRequests(1);
    now += 15 * 60_000;
    release();
    await harness.waitUntil(() => discord.channelMessages(textChannelId).some((m) => m.buttons.length > 0));
    const posted = discord.channelMessages(textChannelId).find((m) => m.buttons.length > 0)!;
    await untilStatus(harness.store, jobIdOf(posted), "done");

    harness.click(posted, "delete", { userId: requester });
    await harness.waitUntil(() => discord.message(posted.id)!.deleted);
    expect((await harness.store.findJob(jobIdOf(posted)))?.status).toBe("deleted");
  });
});

describe("a button on an image the bot no longer keeps", () => {
  it.each(["reroll", "vary", "bigger", "delete"] as const)(
    "answers %s privately that the image is too old, and does nothing",
    async (action) => {
      let now = middayUtc;
      const parent = await finishedImage({ prompt: "a lighthouse" }, {}, () => now);
      await untilStatus(harness!.store, jobIdOf(parent), "done");
      now += 60_000;
      expect(await harness!.store.pruneJobs(now)).toBe(1);

      const answer = await harness!.privateAnswer(harness!.click(parent, action, { userId: requester }));
      expect(answer).toMatch(/^That image is too old to act on/);
      expect(harness!.cometapi.requests).toHaveLength(1);
      expect(harness!.discord.message(parent.id)!.deleted).toBe(false);
    },
  );
});

describe("Retry on Discord", () => {
  /** A first job that fails with a 500; answers its reply. */
  async function failedImage(): Promise<FakeMessage> {
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "0" });
    harness.cometapi.enqueue({ kind: "error", status: 500 });
    const reply = await harness.untilFinal(
      harness.imagine({ prompt: "a lighthouse" }, { userId: requester }),
    );
    expect(reply.content).toMatch(/^⚠️/);
    return reply;
  }

  it("makes the image again when the requester clicks it", async () => {
    const failed = await failedImage();
    harness!.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const click = harness!.click(failed, "retry", { userId: requester });
    const reply = await harness!.untilFinal(click);
    expect(callbackType(click)).toBe(5);
    expect(reply.attachments.map((attachment) => attachment.bytes)).toEqual([png.image1]);
    expect(harness!.cometapi.requests[1]?.body).toMatchObject({ prompt: "a lighthouse" });
    expect(await untilStatus(harness!.store, jobIdOf(reply), "done")).toMatchObject({
      parentId: jobIdOf(failed),
      userId: requester,
    });
  });

  it("refuses anyone else privately, asking nothing of the image service", async () => {
    const failed = await failedImage();
    const answer = await harness!.privateAnswer(harness!.click(failed, "retry", { userId: stranger }));
    expect(answer).toBe("Only the person who asked for this image can retry it; make your own instead.");
    expect(harness!.cometapi.requests).toHaveLength(1);
  });
});
