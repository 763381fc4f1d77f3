import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createGuardedDispatcher } from "../../../src/core/provider/fetch-image-url.ts";
import { createCometApiProvider, type CometApiOptions } from "../../../src/core/provider/cometapi.ts";
import type { PartialImage, TokenUsage } from "../../../src/core/provider/types.ts";
import type { GenerationRequest } from "../../../src/core/requests/request.ts";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { makePng } from "../../fakes/png.ts";
import { captureLog } from "../../support/capture-log.ts";
import { runEntry } from "../../support/run-entry.ts";

const apiKey = "sk-test-cometapi-key-000000";
const request: GenerationRequest = {
  prompt: "a lighthouse at dawn",
  model: "gpt-image-1",
  size: "1024x1024",
  quality: "high",
  count: 1,
  outputFormat: "png",
};
const red = makePng(4, 4, [255, 0, 0]);
const green = makePng(4, 4, [0, 255, 0]);
const blue = makePng(4, 4, [0, 0, 255]);

let fake: FakeCometApi;
let dispatchers: Agent[];

beforeEach(async () => {
  fake = await startFakeCometApi();
  dispatchers = [];
});
afterEach(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await fake.close();
});

function provider(overrides: Partial<CometApiOptions> = {}) {
  const dispatcher = new Agent();
  const imageDispatcher = createGuardedDispatcher(true);
  dispatchers.push(dispatcher, imageDispatcher);
  return createCometApiProvider({
    apiKey,
    baseUrl: fake.baseUrl,
    timeoutMs: 10_000,
    idleTimeoutMs: 5_000,
    maxRetries: 3,
    partialImages: 2,
    imageFetch: { maxBytes: 1024 * 1024, timeoutMs: 5_000, allowLoopback: true },
    dispatcher,
    imageDispatcher,
    backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
    ...overrides,
  });
}

async function generate(options: Partial<CometApiOptions> = {}, signal = new AbortController().signal) {
  const partials: PartialImage[] = [];
  const usages: TokenUsage[] = [];
  const { log } = captureLog([apiKey]);
  const images = await provider(options).generate(request, {
    signal,
    log,
    onPartial: (p) => partials.push(p),
    onUsage: (usage) => usages.push(usage),
  });
  return { images, partials, usages };
}

async function failure(options: Partial<CometApiOptions> = {}, signal?: AbortSignal): Promise<ImagineError> {
  const error = await generate(options, signal).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImagineError);
  return error as ImagineError;
}

describe("the CometAPI provider, streaming", () => {
  it("sends the OpenAI images request with the bearer key and streaming on", async () => {
    fake.enqueue({ kind: "stream", partials: [red], images: [blue] });
    await generate();
    const [sent] = fake.requests;
    expect(sent?.path).toBe("/v1/images/generations");
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.body).toEqual({
      model: "gpt-image-1",
      prompt: "a lighthouse at dawn",
      n: 1,
      size: "1024x1024",
      quality: "high",
      output_format: "png",
      stream: true,
      partial_images: 2,
    });
  });

  it("yields each partial image as it arrives, then the final image, byte for byte", async () => {
    fake.enqueue({ kind: "stream", partials: [red, green], images: [blue], heartbeats: true });
    const { images, partials } = await generate();
    expect(partials.map((p) => p.index)).toEqual([0, 1]);
    expect(partials.map((p) => p.image.bytes)).toEqual([red, green]);
    expect(images.map((image) => image.bytes)).toEqual([blue]);
    expect(images[0]?.mimeType).toBe("image/png");
  });

  it("delivers large images (decoded as they stream) byte for byte, and refuses one over the cap", async () => {
    const large = makePng(300, 200, [1, 2, 3], true); // ~180 KB: arrives over many chunks
    const larger = makePng(320, 200, [4, 5, 6], true);
    fake.enqueue({ kind: "stream", partials: [larger], images: [large] });
    const { images, partials } = await generate();
    expect(partials.map((p) => p.image.bytes)).toEqual([larger]);
    expect(images.map((image) => image.bytes)).toEqual([large]);

    fake.enqueue({ kind: "stream", partials: [], images: [large] });
    const error = await failure({
      imageFetch: { maxBytes: large.length - 1, timeoutMs: 5_000, allowLoopback: true },
    });
    expect(error.code).toBe("image_unavailable");

    fake.enqueue({ kind: "json", images: [large, larger] });
    expect((await generate()).images.map((image) => image.bytes)).toEqual([large, larger]);
  });

  it("delivers a partial before the final image is even sent", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.enqueue({ kind: "stream", partials: [red], images: [blue], holdBeforeFinal: held });
    const { log } = captureLog();
    const seen: Buffer[] = [];
    const done = provider().generate(request, {
      signal: new AbortController().signal,
      log,
      onPartial: (partial) => {
        seen.push(partial.image.bytes);
        release();
      },
    });
    const images = await done;
    expect(seen).toEqual([red]);
    expect(images[0]?.bytes).toEqual(blue);
  });

  it("ignores partials that arrive after the final image", async () => {
    fake.enqueue({ kind: "stream", partials: [red, green], images: [blue], finalFirst: true });
    const { images, partials } = await generate();
    expect(partials).toEqual([]);
    expect(images[0]?.bytes).toEqual(blue);
  });

  it("turns streaming off when no partial images are wanted", async () => {
    fake.enqueue({ kind: "json", images: [blue] });
    await generate({ partialImages: 0 });
    expect(fake.requests[0]?.body.stream).toBe(false);
    expect(fake.requests[0]?.body).not.toHaveProperty("partial_images");
  });

  it("skips a malformed event and still completes", async () => {
    fake.enqueue({
      kind: "raw",
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body:
        "event: image_generation.partial_image\ndata: {not json\n\n" +
        `event: image_generation.completed\ndata: ${JSON.stringify({ type: "image_generation.completed", b64_json: blue.toString("base64") })}\n\n` +
        "data: [DONE]\n\n",
    });
    const { images } = await generate();
    expect(images[0]?.bytes).toEqual(blue);
  });

  it("fails as unavailable when the stream holds only malformed events", async () => {
    fake.enqueue({
      kind: "raw",
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: "data: {oops\n\n",
    });
    expect((await failure()).code).toBe("upstream_unavailable");
  });

  it("reports an error event in the stream as the error it carries", async () => {
    fake.enqueue({
      kind: "stream-error",
      partials: [red],
      code: "moderation_blocked",
      message: "Your request was rejected by the safety system",
    });
    const error = await failure();
    expect(error.code).toBe("content_policy");
    expect(fake.requests).toHaveLength(1);
  });

  it("does not retry when the connection breaks mid-stream (the work may be billed)", async () => {
    fake.enqueue({ kind: "drop", when: "mid-stream", partials: [red] });
    const error = await failure();
    expect(error.code).toBe("upstream_unavailable");
    expect(fake.requests).toHaveLength(1);
  });

  it("gives up on a stream that goes silent for longer than the idle timeout", async () => {
    fake.enqueue({ kind: "stall", as: "stream", partials: [red] });
    const error = await failure({ idleTimeoutMs: 300 });
    expect(error.code).toBe("timeout");
  });
});

describe("the CometAPI provider, plain JSON answers", () => {
  it("accepts a JSON answer with b64_json when the upstream ignores stream", async () => {
    fake.enqueue({ kind: "json", images: [red, green] });
    const { images, partials } = await generate();
    expect(partials).toEqual([]);
    expect(images.map((image) => image.bytes)).toEqual([red, green]);
  });

  it("downloads images answered as URLs", async () => {
    fake.enqueue({ kind: "json", images: [green], as: "url" });
    const { images } = await generate();
    expect(images[0]?.bytes).toEqual(green);
  });

  it("treats an empty data array as a filtered prompt", async () => {
    fake.enqueue({ kind: "json", images: [] });
    expect((await failure()).code).toBe("no_image");
  });

  it.each([
    ["answers 404", () => fake.serveFile(red, { status: 404 })],
    ["is not an image", () => fake.serveFile(Buffer.from("<html>nope</html>"), { contentType: "text/html" })],
    ["is larger than the cap", () => fake.serveFile(makePng(700, 700, [1, 2, 3], true))],
    ["points at a private address", () => "http://10.20.30.40/image.png"],
    [
      "redirects to a private address",
      () => fake.serveFile(red, { redirectTo: "https://192.168.1.10/x.png" }),
    ],
    ["is plain http to the internet", () => "http://images.invalid/x.png"],
  ])("fails as image_unavailable when the image URL %s", async (_name, makeUrl) => {
    fake.enqueue({ kind: "json", images: [red], as: "url", urls: [makeUrl()] });
    const error = await failure();
    expect(error.code).toBe("image_unavailable");
    expect(fake.requests).toHaveLength(1);
  });

  it("fails as image_download_timeout, once, when the image host stalls in the middle of the image", async () => {
    const url = fake.serveFile(makePng(64, 64, [7, 7, 7], true), { stallAfterBytes: 100 });
    fake.enqueue({ kind: "json", images: [red], as: "url", urls: [url] });
    const error = await failure({
      imageFetch: { maxBytes: 1024 * 1024, timeoutMs: 200, allowLoopback: true },
    });
    expect(error.code).toBe("image_download_timeout");
    expect(fake.requests).toHaveLength(1);
  });
});

describe("the CometAPI provider, errors and retries", () => {
  it.each([
    [400, "", "Invalid size '999x999'", "upstream_bad_request"],
    [401, "", "Invalid token", "upstream_auth"],
    [403, "", "Forbidden", "upstream_auth"],
    [403, "insufficient_user_quota", "user quota is not enough", "insufficient_quota"],
    [429, "insufficient_quota", "You exceeded your current quota", "insufficient_quota"],
    [400, "moderation_blocked", "Your request was rejected by the safety system", "content_policy"],
    [400, "content_policy_violation", "violates policy", "content_policy"],
    [500, "invalid_request", "bad parameter", "upstream_bad_request"],
  ])("maps status %i with code '%s' (%s) to %s without retrying", async (status, code, message, expected) => {
    fake.enqueue({ kind: "error", status, code, message });
    const error = await failure();
    expect(error.code).toBe(expected);
    expect(fake.requests).toHaveLength(1);
  });

  it("tells people what was wrong with a bad request, without the upstream request id", async () => {
    fake.enqueue({ kind: "error", status: 400, message: "Invalid size '999x999'" });
    const error = await failure();
    expect(error.context.detail).toBe("Invalid size '999x999'");
  });

  it.each([429, 500, 502, 503, 504])("retries %i and succeeds when the upstream recovers", async (status) => {
    fake.enqueue({ kind: "error", status }, { kind: "error", status }, { kind: "json", images: [blue] });
    const { images } = await generate();
    expect(images[0]?.bytes).toEqual(blue);
    expect(fake.requests).toHaveLength(3);
  });

  it("stops after the configured number of retries and reports rate limiting", async () => {
    fake.fallback = { kind: "error", status: 429, message: "Too many requests" };
    const error = await failure({ maxRetries: 2 });
    expect(error.code).toBe("rate_limited");
    expect(fake.requests).toHaveLength(3);
  });

  it("reports upstream_unavailable after 5xx retries run out", async () => {
    fake.fallback = { kind: "error", status: 503 };
    expect((await failure({ maxRetries: 1 })).code).toBe("upstream_unavailable");
    expect(fake.requests).toHaveLength(2);
  });

  it("retries a 524 (which may be billed) at most once", async () => {
    fake.fallback = { kind: "error", status: 524, rawBody: "error code: 524" };
    expect((await failure({ maxRetries: 5 })).code).toBe("upstream_unavailable");
    expect(fake.requests).toHaveLength(2);
  });

  it("waits out retry-after-ms before trying again", async () => {
    fake.enqueue(
      { kind: "error", status: 429, headers: { "retry-after-ms": "400" } },
      { kind: "json", images: [blue] },
    );
    await generate();
    const [first, second] = fake.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(390);
  });

  it("waits out retry-after given in seconds", async () => {
    fake.enqueue(
      { kind: "error", status: 503, headers: { "retry-after": "1" } },
      { kind: "json", images: [blue] },
    );
    await generate();
    const [first, second] = fake.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it("gives up at once when retry-after is beyond the deadline", async () => {
    fake.enqueue({ kind: "error", status: 429, headers: { "retry-after": "60" } });
    const error = await failure({ timeoutMs: 5_000 });
    expect(error.code).toBe("rate_limited");
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a connection reset before any response", async () => {
    fake.enqueue({ kind: "drop", when: "before-response" }, { kind: "json", images: [green] });
    const { images } = await generate();
    expect(images[0]?.bytes).toEqual(green);
    expect(fake.requests).toHaveLength(2);
  });

  it("ends with timeout when the upstream is slower than the overall deadline", async () => {
    fake.enqueue({ kind: "stall", as: "no-response" });
    const error = await failure({ timeoutMs: 400 });
    expect(error.code).toBe("timeout");
  });

  it("ends with cancelled when the caller aborts", async () => {
    fake.enqueue({ kind: "stall", as: "no-response" });
    const controller = new AbortController();
    void fake.waitForRequests(1).then(() => controller.abort());
    const error = await failure({}, controller.signal);
    expect(error.code).toBe("cancelled");
  });
});

describe("what CometAPI billed", () => {
  it("tells the tokens of a streamed answer once, added up over its images", async () => {
    fake.enqueue({
      kind: "stream",
      partials: [red],
      images: [green, blue],
      usage: { input_tokens: 30, output_tokens: 1056 },
    });
    const { usages } = await generate({ partialImages: 1 });
    expect(usages).toEqual([{ inputTokens: 60, outputTokens: 2112 }]);
  });

  it("tells the tokens of a JSON answer", async () => {
    fake.enqueue({ kind: "json", images: [green], usage: { input_tokens: 12, output_tokens: 4160 } });
    const { usages } = await generate({ partialImages: 0 });
    expect(usages).toEqual([{ inputTokens: 12, outputTokens: 4160 }]);
  });

  it("tells nothing when the answer says nothing, or says it in a shape it cannot read", async () => {
    fake.enqueue({ kind: "json", images: [green], usage: null });
    expect((await generate({ partialImages: 0 })).usages).toEqual([]);
    fake.enqueue({ kind: "stream", partials: [], images: [green], usage: null });
    expect((await generate({ partialImages: 1 })).usages).toEqual([]);
    fake.enqueue({
      kind: "raw",
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: [{ b64_json: green.toString("base64") }], usage: "lots" }),
    });
    const read = await generate({ partialImages: 0 });
    expect(read.images).toHaveLength(1);
    expect(read.usages).toEqual([]);
  });
});

describe("the overall deadline", () => {
  it("survives a garbage collection: a stalled answer still ends as a timeout", async () => {
    fake.enqueue({ kind: "stall", as: "stream" });
    const { code, stdout, stderr } = await runEntry(
      "test/support/generate-with-gc.ts",
      [fake.baseUrl, "300"],
      {
        NODE_OPTIONS: "--expose-gc",
      },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(stdout)).toEqual({ ended: "timeout" });
  });
});
