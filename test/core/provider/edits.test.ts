import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createCometApiProvider, type CometApiOptions } from "../../../src/core/provider/cometapi.ts";
import { createGuardedDispatcher } from "../../../src/core/provider/fetch-image-url.ts";
import type { PartialImage } from "../../../src/core/provider/types.ts";
import type { InputImage, InputImageAccess } from "../../../src/core/requests/input-image.ts";
import type { GenerationRequest } from "../../../src/core/requests/request.ts";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { makePng } from "../../fakes/png.ts";
import { captureLog, type CapturedLog } from "../../support/capture-log.ts";
import { startInputFileServer, type InputFileServer } from "./input-file-server.ts";

const apiKey = "sk-test-cometapi-key-000000";
const slackToken = "xoxb-test-slack-bot-token-000000";
const access: InputImageAccess = {
  hosts: ["files.slack.com"],
  headers: { authorization: `Bearer ${slackToken}` },
};
const mebibyte = 1024 * 1024;

const photo = makePng(48, 32, [10, 120, 200], true);
const red = makePng(4, 4, [255, 0, 0]);
const blue = makePng(4, 4, [0, 0, 255]);
const jpeg = Buffer.concat([Buffer.from("ffd8ffe000104a464946000101", "hex"), Buffer.alloc(64, 1)]);
const gif = Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.alloc(64, 1)]);

let fake: FakeCometApi;
let files: InputFileServer;
let dispatchers: Agent[];
let captured: CapturedLog;

beforeEach(async () => {
  fake = await startFakeCometApi();
  files = await startInputFileServer();
  dispatchers = [];
  // The token is deliberately not among the logger's secrets: nothing may log it at all.
  captured = captureLog([apiKey]);
});
afterEach(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await Promise.all([fake.close(), files.close()]);
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
    imageFetch: { maxBytes: 4 * mebibyte, timeoutMs: 5_000, allowLoopback: true },
    inputImages: { maxBytes: mebibyte, allowLoopback: true, timeoutMs: 5_000 },
    dispatcher,
    imageDispatcher,
    backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
    ...overrides,
  });
}

function editOf(image: InputImage, mask?: InputImage): GenerationRequest {
  return {
    prompt: "make the sky orange",
    model: "gpt-image-1",
    size: "1024x1024",
    quality: "high",
    count: 1,
    outputFormat: "png",
    edit: { image, ...(mask && { mask }) },
  };
}

const input = (url: string, declaredBytes = 1_000): InputImage => ({ url, name: "photo.png", declaredBytes });

interface EditRun {
  readonly request: GenerationRequest;
  readonly options?: Partial<CometApiOptions>;
  readonly inputAccess?: InputImageAccess | null;
  readonly signal?: AbortSignal;
}

async function edit({ request, options = {}, inputAccess = access, signal }: EditRun) {
  const partials: PartialImage[] = [];
  const images = await provider(options).generate(request, {
    signal: signal ?? new AbortController().signal,
    log: captured.log,
    onPartial: (partial) => partials.push(partial),
    ...(inputAccess && { inputAccess }),
  });
  return { images, partials };
}

async function failure(run: EditRun): Promise<ImagineError> {
  const error = await edit(run).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImagineError);
  return error as ImagineError;
}

describe("an edit through CometAPI", () => {
  it("sends the served image's bytes with the prompt and model as a multipart edit, and streams its partials", async () => {
    const url = files.serve("/photo.png", { kind: "bytes", bytes: photo });
    fake.enqueue({ kind: "stream", partials: [red], images: [blue] });

    const { images, partials } = await edit({ request: editOf(input(url)) });

    const [sent] = fake.requests;
    expect(sent?.path).toBe("/v1/images/edits");
    expect(sent?.route).toBe("edits");
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent?.files["image"]).toEqual({ bytes: photo, filename: "image.png", type: "image/png" });
    expect(sent?.files).not.toHaveProperty("mask");
    expect(sent?.body).toEqual({
      prompt: "make the sky orange",
      model: "gpt-image-1",
      n: "1",
      size: "1024x1024",
      quality: "high",
      output_format: "png",
      stream: "true",
      partial_images: "2",
    });
    expect(partials.map((partial) => partial.image.bytes)).toEqual([red]);
    expect(images.map((image) => image.bytes)).toEqual([blue]);
  });

  it("sends a JPEG as a JPEG and the mask as its own part, and reads a plain JSON answer", async () => {
    const image = files.serve("/photo.jpg", { kind: "bytes", bytes: jpeg });
    const mask = files.serve("/mask.png", { kind: "bytes", bytes: red, chunked: true });
    fake.enqueue({ kind: "json", images: [blue] });

    const { images } = await edit({
      request: editOf(input(image), input(mask)),
      options: { partialImages: 0 },
    });

    const [sent] = fake.requests;
    expect(sent?.files["image"]).toEqual({ bytes: jpeg, filename: "image.jpg", type: "image/jpeg" });
    expect(sent?.files["mask"]).toEqual({ bytes: red, filename: "mask.png", type: "image/png" });
    expect(sent?.body).not.toHaveProperty("stream");
    expect(sent?.body).not.toHaveProperty("partial_images");
    expect(images.map((each) => each.bytes)).toEqual([blue]);
  });

  it("downloads the input once and sends it again on a retry", async () => {
    const url = files.serve("/photo.png", { kind: "bytes", bytes: photo });
    fake.enqueue({ kind: "error", status: 503 }, { kind: "json", images: [blue] });

    const { images } = await edit({ request: editOf(input(url)) });

    expect(images.map((image) => image.bytes)).toEqual([blue]);
    expect(fake.requests.map((sent) => sent.files["image"]?.bytes)).toEqual([photo, photo]);
    expect(files.requests).toHaveLength(1);
  });

  it("gives the upstream's refusal of an edit as it gives a generation's", async () => {
    const url = files.serve("/photo.png", { kind: "bytes", bytes: photo });
    fake.enqueue({
      kind: "error",
      status: 400,
      code: "moderation_blocked",
      message: "rejected by the safety system",
    });
    expect((await failure({ request: editOf(input(url)) })).code).toBe("content_policy");
    expect(fake.requests).toHaveLength(1);
  });

  it("sends the platform's authorization to its file host, and never writes it to the log", async () => {
    const url = files.serve("/photo.png", { kind: "bytes", bytes: photo });
    const missing = `${files.origin}/gone.png`;
    fake.enqueue({ kind: "json", images: [blue] });

    await edit({ request: editOf(input(url)) });
    await failure({ request: editOf(input(missing)) });

    expect(files.requests.map((each) => each.headers.authorization)).toEqual([
      `Bearer ${slackToken}`,
      `Bearer ${slackToken}`,
    ]);
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.lines.filter((line) => line.includes(slackToken))).toEqual([]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("follows a redirect on an allowed host but keeps the authorization to the first origin", async () => {
    const elsewhere = await startInputFileServer();
    try {
      const target = elsewhere.serve("/photo.png", { kind: "bytes", bytes: photo });
      const url = files.serve("/photo.png", { kind: "redirect", to: target });
      fake.enqueue({ kind: "json", images: [blue] });

      await edit({ request: editOf(input(url)) });

      expect(files.requests[0]?.headers.authorization).toBe(`Bearer ${slackToken}`);
      expect(elsewhere.requests).toHaveLength(1);
      expect(elsewhere.requests[0]?.headers).not.toHaveProperty("authorization");
      expect(fake.requests[0]?.files["image"]?.bytes).toEqual(photo);
    } finally {
      await elsewhere.close();
    }
  });
});

describe("an edit whose input cannot be used", () => {
  it("refuses a GIF as not an image it can edit, and sends nothing upstream", async () => {
    const url = files.serve("/cat.gif", { kind: "bytes", bytes: gif });
    expect((await failure({ request: editOf(input(url)) })).code).toBe("input_not_image");
    expect(fake.requests).toEqual([]);
  });

  it("refuses bytes that are no image at all", async () => {
    const url = files.serve("/page.png", { kind: "bytes", bytes: Buffer.from("<html>sign in</html>") });
    expect((await failure({ request: editOf(input(url)) })).code).toBe("input_not_image");
    expect(fake.requests).toEqual([]);
  });

  it("cuts off an input that passes the cap while streaming, though the platform said it was small", async () => {
    const url = files.serve("/huge.png", { kind: "endless" });

    const error = await failure({ request: editOf(input(url, 2_000)) });

    expect(error.code).toBe("input_too_large");
    expect(error.context.limit).toBe(1);
    const end = await files.ended("/huge.png");
    expect(end.finished).toBe(false);
    // Cut off near the cap: what was sent beyond it is what the sockets' buffers held.
    expect(end.bytesSent).toBeLessThan(16 * mebibyte);
    expect(fake.requests).toEqual([]);
  });

  it("refuses an input whose declared length is over the cap without reading it", async () => {
    const url = files.serve("/big.png", {
      kind: "bytes",
      bytes: Buffer.concat([photo, Buffer.alloc(mebibyte)]),
    });
    expect((await failure({ request: editOf(input(url)) })).code).toBe("input_too_large");
    expect(fake.requests).toEqual([]);
  });

  it("says the file is gone when its host answers 404 or 403 (an expired link), and unavailable on a 500", async () => {
    for (const status of [404, 403]) {
      const url = files.serve(`/gone-${status}.png`, { kind: "bytes", bytes: Buffer.from("no"), status });
      const error = await failure({ request: editOf(input(url)) });
      expect(error.code).toBe("input_gone");
      expect(error.isRefusal).toBe(true);
    }
    const broken = files.serve("/broken.png", { kind: "bytes", bytes: Buffer.from("oops"), status: 500 });
    expect((await failure({ request: editOf(input(broken)) })).code).toBe("input_unavailable");
    expect(fake.requests).toEqual([]);
    expect(captured.records()).toContainEqual(
      expect.objectContaining({ msg: "could not fetch the image to edit", code: "input_unavailable" }),
    );
  });

  it("fails as unavailable when the file host stalls past the download timeout", async () => {
    const url = files.serve("/slow.png", { kind: "stall" });
    const options = { inputImages: { maxBytes: mebibyte, allowLoopback: true, timeoutMs: 200 } };
    expect((await failure({ request: editOf(input(url)), options })).code).toBe("input_unavailable");
    expect(fake.requests).toEqual([]);
  });

  it("ends as cancelled when the job is cancelled during the download", async () => {
    const url = files.serve("/slow.png", { kind: "stall" });
    const controller = new AbortController();
    void files.requested("/slow.png").then(() => controller.abort());
    expect((await failure({ request: editOf(input(url)), signal: controller.signal })).code).toBe(
      "cancelled",
    );
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ["on a host that is not the platform's", () => "https://images.example.invalid/photo.png", {}],
    [
      "to loopback when loopback is not allowed",
      () => files.serve("/photo.png", { kind: "bytes", bytes: photo }),
      {
        inputImages: { maxBytes: mebibyte, allowLoopback: false },
      },
    ],
    ["that is not a URL", () => "photo.png", {}],
  ])("refuses an input %s, fetching nothing", async (_name, makeUrl, options: Partial<CometApiOptions>) => {
    const error = await failure({ request: editOf(input(makeUrl())), options });
    expect(error.code).toBe("input_not_allowed");
    expect(files.requests).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("refuses an edit that came without the platform's file access, fetching nothing", async () => {
    const url = files.serve("/photo.png", { kind: "bytes", bytes: photo });
    expect((await failure({ request: editOf(input(url)), inputAccess: null })).code).toBe(
      "input_not_allowed",
    );
    expect(files.requests).toEqual([]);
  });

  it("refuses a redirect to a host that is not the platform's, fetching nothing there", async () => {
    const url = files.serve("/photo.png", {
      kind: "redirect",
      to: "https://images.example.invalid/photo.png",
    });
    const error = await failure({ request: editOf(input(url)) });
    expect(error.code).toBe("input_unavailable");
    expect(error.context.upstreamMessage).toBe("input image refusing https://images.example.invalid");
    expect(fake.requests).toEqual([]);
  });
});
