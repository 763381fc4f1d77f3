import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const originalPath = /\/messages\/@original$/;
const finalContent = (token: string) => harness!.discord.messageFor(token)?.content ?? "";

/** A job whose final image waits until `release()`. */
function heldJob() {
  const { behaviour, release } = heldStream([png.preview], [png.image1]);
  harness!.cometapi.enqueue(behaviour);
  return release;
}

describe("/imagine on Discord when things fail", () => {
  it.each([
    [
      { kind: "error", status: 400, code: "moderation_blocked", message: "rejected by the safety system" },
      "content policy",
    ],
    [{ kind: "error", status: 503 }, "The image service is unavailable right now."],
    [{ kind: "error", status: 401 }, "refused the bot's key"],
    [{ kind: "json", images: [] }, "returned no image"],
  ] as const)("ends the reply with a plain sentence for %j", async (behaviour, sentence) => {
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "1" });
    harness.cometapi.fallback = behaviour as never;
    const token = harness.imagine({ prompt: "a cat" });
    await harness.waitUntil(() => finalContent(token).startsWith("⚠️"));
    expect(finalContent(token)).toContain(sentence);
    expect(harness.discord.messageFor(token)!.ephemeral).toBe(false);
    expect(harness.discord.messageFor(token)!.allowedMentions).toEqual({ parse: [] });
  });

  it("tries a 503 again before giving up with a sentence", async () => {
    harness = await startDiscordHarness({ COMETAPI_MAX_RETRIES: "2" });
    harness.cometapi.fallback = { kind: "error", status: 503 };
    const token = harness.imagine({ prompt: "a cat" });
    await harness.waitUntil(() => finalContent(token).startsWith("⚠️"));
    expect(finalContent(token)).toBe(
      "⚠️ The image service is unavailable right now. Please try again later.",
    );
    expect(harness.cometapi.requests).toHaveLength(3);
  });

  it("ends with a timeout sentence when the image takes longer than the deadline", async () => {
    harness = await startDiscordHarness({
      COMETAPI_TIMEOUT_SECONDS: "5",
      COMETAPI_IDLE_TIMEOUT_SECONDS: "5",
    });
    harness.cometapi.enqueue({ kind: "stall", as: "no-response" });
    const token = harness.imagine({ prompt: "slow" });
    await harness.waitUntil(() => finalContent(token).startsWith("⚠️"));
    expect(finalContent(token)).toContain("took too long");
  });

  it("waits out a 429 on an edit and the final edit still lands", async () => {
    harness = await startDiscordHarness();
    const release = heldJob();
    harness.discord.failNext(
      { method: "PATCH", path: originalPath },
      { status: 429, retryAfterSeconds: 0.2 },
    );
    const token = harness.imagine({ prompt: "busy" });
    await harness.discord.waitForCall((call) => call.status === 429);
    release();
    await harness.waitUntil(
      () => (harness!.discord.messageFor(token)?.attachments[0]?.filename ?? "") === "imagine-1.png",
    );
    const rateLimited = harness.discord.calls.filter((call) => call.status === 429);
    expect(rateLimited).toHaveLength(1);
    const after = harness.discord.calls.find(
      (call) => call.method === "PATCH" && call.receivedAt > rateLimited[0]!.receivedAt,
    );
    expect(after!.receivedAt - rateLimited[0]!.receivedAt).toBeGreaterThanOrEqual(190);
  });

  it("posts the result in the channel, to the person, when the interaction token has expired", async () => {
    harness = await startDiscordHarness();
    const release = heldJob();
    const userId = "800000000000000077";
    const token = harness.imagine({ prompt: "late @everyone" }, { userId });
    await harness.cometapi.waitForRequests(1);
    harness.discord.expireInteraction(token);
    release();
    await harness.waitUntil(() =>
      harness!.discord.channelMessages(textChannelId).some((m) => m.attachments.length > 0),
    );
    const posted = harness.discord.channelMessages(textChannelId).find((m) => m.attachments.length > 0)!;
    expect(posted.content.startsWith(`<@${userId}> **Prompt:** late @everyone`)).toBe(true);
    expect(posted.allowedMentions).toEqual({ parse: [], users: [userId] });
    expect(posted.attachments[0]!.bytes).toEqual(png.image1);
  });

  it("posts the result in the channel when the token outlives its 15 minutes", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, {}, { now: () => now });
    const release = heldJob();
    const token = harness.imagine({ prompt: "very slow" });
    await harness.cometapi.waitForRequests(1);
    now += 15 * 60_000;
    release();
    await harness.waitUntil(() =>
      harness!.discord.channelMessages(textChannelId).some((m) => m.attachments.length > 0),
    );
    expect(
      harness.discord.calls.filter(
        (call) => call.method === "PATCH" && call.files.length > 0 && call.path.includes(token),
      ),
    ).toHaveLength(0);
  });

  it("falls back to a channel message when the final edit keeps failing with 5xx", async () => {
    harness = await startDiscordHarness();
    const release = heldJob();
    const userId = "800000000000000078";
    const token = harness.imagine({ prompt: "flaky" }, { userId });
    await harness.cometapi.waitForRequests(1);
    await harness.waitUntil(() => finalContent(token).startsWith("🎨"));
    harness.discord.failNext({ method: "PATCH", path: originalPath }, { status: 502, times: 10 });
    release();
    // The reply itself is a channel message too (showing the preview); the fallback mentions the person.
    const isFallback = (m: { content: string }) => m.content.startsWith(`<@${userId}>`);
    await harness.waitUntil(() => harness!.discord.channelMessages(textChannelId).some(isFallback));
    const posted = harness.discord.channelMessages(textChannelId).find(isFallback)!;
    expect(posted.attachments[0]!.bytes).toEqual(png.image1);
    expect(posted.content).toMatch(new RegExp(`^<@${userId}> \\*\\*Prompt:\\*\\* flaky\n`));
    expect(posted.allowedMentions).toEqual({ parse: [], users: [userId] });
    // discord.js's errors carry the request (every image) and the URL (the interaction token):
    // neither reaches the log.
    const lines = harness.log.lines.join("\n");
    expect(lines).toContain("posting the result in the channel");
    expect(lines).not.toContain(token);
    expect(lines).not.toContain("requestBody");
  });

  it("posts the result in the channel when the deferral itself fails", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    harness.discord.failNext(
      { method: "POST", path: /\/callback$/ },
      { status: 404, body: { message: "Unknown interaction", code: 10062 } },
    );
    const userId = "800000000000000079";
    harness.imagine({ prompt: "too late to defer" }, { userId });
    await harness.waitUntil(() =>
      harness!.discord.channelMessages(textChannelId).some((m) => m.attachments.length > 0),
    );
    const posted = harness.discord.channelMessages(textChannelId).find((m) => m.attachments.length > 0)!;
    expect(posted.content.startsWith(`<@${userId}> **Prompt:** too late to defer`)).toBe(true);
    expect(posted.attachments[0]!.bytes).toEqual(png.image1);
  });

  it("finishes a job across a gateway disconnect", async () => {
    harness = await startDiscordHarness();
    const release = heldJob();
    const token = harness.imagine({ prompt: "through a reconnect" });
    await harness.cometapi.waitForRequests(1);
    const connections = harness.discord.gatewayConnections;
    harness.discord.dropGateway();
    await harness.discord.waitForGatewayEvent((event) =>
      event.type === "resume" || event.type === "identify"
        ? harness!.discord.gatewayConnections > connections
        : false,
    );
    release();
    await harness.waitUntil(
      () => (harness!.discord.messageFor(token)?.attachments[0]?.filename ?? "") === "imagine-1.png",
    );
    const next = harness.imagine({ prompt: "after the reconnect" });
    harness.cometapi.enqueue({ kind: "json", images: [png.image2] });
    await harness.waitUntil(() => (harness!.discord.messageFor(next)?.attachments.length ?? 0) > 0);
  });
});
