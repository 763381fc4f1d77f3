import { afterEach, describe, expect, it } from "vitest";
import type { Behaviour } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { png, startDiscordHarness, type DiscordHarness } from "../discord/harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const content = (token: string) => harness!.discord.messageFor(token)?.content ?? "";

/**
 * Each upstream fault, driven through the real discord.js: the person reads a final sentence,
 * the slot is freed (the next request on a one-slot bot completes), and a fault that must not be
 * retried reaches CometAPI once.
 */
describe("every CometAPI fault ends in a sentence, and the bot keeps serving", () => {
  const faults: Array<[string, () => Behaviour, string, number]> = [
    [
      "429 with retry-after",
      () => ({ kind: "error", status: 429, headers: { "retry-after-ms": "20" } }),
      "busy right now",
      2,
    ],
    ["429 without retry-after", () => ({ kind: "error", status: 429 }), "busy right now", 2],
    ["500", () => ({ kind: "error", status: 500 }), "unavailable right now", 2],
    ["502", () => ({ kind: "error", status: 502 }), "unavailable right now", 2],
    ["503", () => ({ kind: "error", status: 503 }), "unavailable right now", 2],
    ["401", () => ({ kind: "error", status: 401, message: "Invalid token" }), "refused the bot's key", 1],
    [
      "insufficient balance",
      () => ({ kind: "error", status: 403, code: "insufficient_user_quota" }),
      "balance is used up",
      1,
    ],
    [
      "content policy",
      () => ({ kind: "error", status: 400, code: "moderation_blocked" }),
      "content policy",
      1,
    ],
    [
      "reset before the first byte",
      () => ({ kind: "drop", when: "before-response" }),
      "unavailable right now",
      2,
    ],
    [
      "reset mid-stream",
      () => ({ kind: "drop", when: "mid-stream", partials: [png.preview] }),
      "unavailable right now",
      1,
    ],
    [
      "a malformed event",
      () => ({
        kind: "raw",
        status: 200,
        headers: { "content-type": "text/event-stream" },
        body: "data: {nope\n\n",
      }),
      "unavailable right now",
      1,
    ],
    [
      "a stream gone silent",
      () => ({ kind: "stall", as: "stream", partials: [png.preview] }),
      "took too long",
      1,
    ],
    ["JSON without an image", () => ({ kind: "json", images: [] }), "returned no image", 1],
    [
      "an image URL answering 404",
      () => ({
        kind: "json",
        images: [png.image1],
        as: "url",
        urls: [harness!.cometapi.serveFile(png.image1, { status: 404 })],
      }),
      "could not be downloaded",
      1,
    ],
    [
      "an image URL that is not an image",
      () => ({
        kind: "json",
        images: [png.image1],
        as: "url",
        urls: [harness!.cometapi.serveFile(Buffer.from("<html>"), { contentType: "text/html" })],
      }),
      "could not be downloaded",
      1,
    ],
    [
      "an image URL over the cap",
      () => ({
        kind: "json",
        images: [png.image1],
        as: "url",
        urls: [harness!.cometapi.serveFile(makePng(800, 800, [1, 2, 3], true))],
      }),
      "could not be downloaded",
      1,
    ],
    [
      "an image URL at a private address",
      () => ({
        kind: "json",
        images: [png.image1],
        as: "url",
        urls: ["https://169.254.169.254/latest/meta-data"],
      }),
      "could not be downloaded",
      1,
    ],
    ["a slow upstream past the deadline", () => ({ kind: "stall", as: "no-response" }), "took too long", 1],
  ];

  it.each(faults)("%s", async (_name, fault, sentence, attempts) => {
    harness = await startDiscordHarness({
      IMAGINE_MAX_CONCURRENCY: "1",
      COMETAPI_MAX_RETRIES: "1",
      COMETAPI_TIMEOUT_SECONDS: "5",
      COMETAPI_IDLE_TIMEOUT_SECONDS: "5",
      IMAGINE_MAX_IMAGE_MB: "1",
    });
    const { cometapi } = harness;
    const behaviour = fault();
    cometapi.enqueue(...Array.from({ length: attempts }, () => behaviour));
    cometapi.fallback = { kind: "json", images: [png.image2] };

    const token = harness.imagine({ prompt: "a fault" });
    await harness.waitUntil(() => content(token).startsWith("⚠️"));
    expect(content(token)).toContain(sentence);
    expect(cometapi.requests).toHaveLength(attempts);

    const next = harness.imagine({ prompt: "the next one" }, { userId: "800000000000000099" });
    await harness.waitUntil(() => (harness!.discord.messageFor(next)?.attachments.length ?? 0) > 0);
    expect(harness.discord.messageFor(next)!.attachments[0]!.bytes).toEqual(png.image2);
  });
});

describe("Discord faults", () => {
  it("waits out a 429 on the deferral and still delivers", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    harness.discord.failNext(
      { method: "POST", path: /\/callback$/ },
      { status: 429, retryAfterSeconds: 0.1 },
    );
    const token = harness.imagine({ prompt: "rate limited ack" });
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    expect(
      harness.discord.calls.filter((call) => call.route === "interactionCallback").map((c) => c.status),
    ).toEqual([429, 204]);
  });

  it("refuses a person on the deny list, privately, without generating", async () => {
    harness = await startDiscordHarness({ IMAGINE_DENIED_USER_IDS: "discord:800000000000000066" });
    const token = harness.imagine({ prompt: "let me in" }, { userId: "800000000000000066" });
    await harness.waitUntil(() => harness!.discord.messageFor(token) !== undefined);
    expect(harness.discord.messageFor(token)).toMatchObject({
      ephemeral: true,
      content: "You are not allowed to make images with this bot.",
    });
    expect(harness.cometapi.requests).toHaveLength(0);
  });
});
