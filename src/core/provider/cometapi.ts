import { setTimeout as sleep } from "node:timers/promises";
import { request, type Dispatcher, type FormData } from "undici";
import { startDeadline } from "../../kit/start-deadline.ts";
import { ImagineError, toImagineError } from "../errors/errors.ts";
import { fetchImageUrl, type ImageFetchOptions } from "./fetch-image-url.ts";
import type { JobObserver } from "../jobs/job-observer.ts";
import { decodeBase64Image, toImage } from "./images.ts";
import type { GenerationRequest } from "../requests/request.ts";
import { jsonAnswer, streamEvent, type imageResult, type usage } from "./answer-schemas.ts";
import { backoffDelay, defaultBackoff, parseRetryAfter, type BackoffPolicy } from "./backoff.ts";
import { createLargeStringExtractor, type LargeStringExtractor } from "./large-strings.ts";
import { checkModels } from "./check-models.ts";
import { buildEditForm } from "./build-edit-form.ts";
import { fetchEditImages, type InputImageOptions } from "./fetch-input-image.ts";
import { requestFields } from "./request-fields.ts";
import { readServerSentEvents } from "./read-sse.ts";
import type { GenerateOptions, ImageData, ImageProvider } from "./types.ts";
import { classifyUpstreamFailure, parseUpstreamFailure } from "./upstream-error.ts";
import type { z } from "zod";

export interface CometApiOptions {
  readonly apiKey: string;
  /** API base ending in /v1. */
  readonly baseUrl: string;
  /** Overall deadline of one generation, retries included. */
  readonly timeoutMs: number;
  /** Longest silence allowed inside a streamed answer. */
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  /** Partial previews to ask for, 0–3; 0 turns streaming off. */
  readonly partialImages: number;
  readonly imageFetch: ImageFetchOptions;
  /** Connection pool for API calls. */
  readonly dispatcher: Dispatcher;
  /** Connection pool for image URLs (results and an edit's inputs), guarded against private addresses. */
  readonly imageDispatcher: Dispatcher;
  /** How an edit's input images are downloaded; every field has a default. */
  readonly inputImages?: InputImageOptions;
  readonly backoff?: BackoffPolicy;
  /** Told of every failed attempt, by HTTP status, for metrics. */
  readonly observer?: Pick<JobObserver, "upstreamError">;
}

/** Why one attempt failed, and whether another is worth making. */
class AttemptFailure extends Error {
  constructor(
    readonly error: ImagineError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The upstream may have done (and billed) the work: retry such failures at most once. */
    readonly maybeBilled = false,
  ) {
    super(error.message);
  }
}

// Errors from undici before a response arrived: the request never reached the model.
const connectionErrors = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

/** One images call, sent again as it is on a retry: a generation's JSON or an edit's multipart form. */
interface UpstreamCall {
  readonly route: "generations" | "edits";
  readonly body: string | FormData;
}

async function readJson(body: Dispatcher.ResponseData["body"]): Promise<unknown> {
  const text = await body.text();
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}

/** How long the key check waits for CometAPI's model list. */
const accessCheckTimeoutMs = 15_000;

/** JSON strings longer than this are images: decoded as they arrive, never held as text. */
const largeStringBytes = 16 * 1024;

/**
 * Tells what the images cost, once: the tokens of every answer that made one, added up (a stream
 * gives each image's on its own `completed` event). Nothing when the answers said nothing.
 */
function reportUsage(generate: GenerateOptions, usages: readonly z.infer<typeof usage>[]): void {
  if (usages.length === 0) return;
  generate.onUsage?.({
    inputTokens: usages.reduce((sum, each) => sum + (each.input_tokens ?? 0), 0),
    outputTokens: usages.reduce((sum, each) => sum + (each.output_tokens ?? 0), 0),
  });
}

/**
 * The CometAPI image provider: OpenAI-compatible `POST /images/generations`, or `/images/edits`
 * with the input images downloaded first, streamed when it can be.
 */
export function createCometApiProvider(options: CometApiOptions): ImageProvider {
  const backoff = options.backoff ?? defaultBackoff;
  const upstreamError = (status: string) => options.observer?.upstreamError(status);

  const { maxBytes } = options.imageFetch;
  const largeStrings = () =>
    createLargeStringExtractor({ thresholdBytes: largeStringBytes, maxDecodedBytes: maxBytes });

  /** A `b64_json` value: short ones are still text; long ones were decoded while they arrived. */
  function decodeImage(b64: string, strings: LargeStringExtractor): ImageData {
    if (!strings.isReference(b64)) return decodeBase64Image(b64, maxBytes);
    const bytes = strings.take(b64);
    if (bytes === undefined) throw new ImagineError("no_image", { upstreamMessage: "image result repeated" });
    if (bytes === "too_large") {
      throw new ImagineError("image_unavailable", { upstreamMessage: "base64 image is over the byte cap" });
    }
    return toImage(bytes, maxBytes);
  }

  async function toImageData(
    result: z.infer<typeof imageResult> | z.infer<typeof streamEvent>,
    signal: AbortSignal,
    strings: LargeStringExtractor,
  ): Promise<ImageData> {
    if (result.b64_json) return decodeImage(result.b64_json, strings);
    if (result.url) return fetchImageUrl(result.url, options.imageFetch, options.imageDispatcher, signal);
    throw new ImagineError("no_image", { upstreamMessage: "image result without b64_json or url" });
  }

  async function readJsonAnswer(
    body: Dispatcher.ResponseData["body"],
    generate: GenerateOptions,
    signal: AbortSignal,
  ): Promise<ImageData[]> {
    const strings = largeStrings();
    let text = "";
    for await (const chunk of body) text += strings.feed(chunk as Uint8Array);
    text += strings.end();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const parsed = jsonAnswer.safeParse(answer);
    if (!parsed.success) {
      throw new AttemptFailure(
        new ImagineError("upstream_unavailable", { upstreamMessage: "answer is not an images response" }),
        false,
      );
    }
    const results = parsed.data.data ?? [];
    if (results.length === 0) throw new AttemptFailure(new ImagineError("no_image"), false);
    const images = await Promise.all(results.map((result) => toImageData(result, signal, strings)));
    reportUsage(generate, parsed.data.usage ? [parsed.data.usage] : []);
    return images;
  }

  async function readStream(
    body: Dispatcher.ResponseData["body"],
    wanted: number,
    generate: GenerateOptions,
    signal: AbortSignal,
  ): Promise<ImageData[]> {
    const images: ImageData[] = [];
    const usages: z.infer<typeof usage>[] = [];
    let finished = false;
    const strings = largeStrings();
    for await (const event of readServerSentEvents(body, strings)) {
      if (event.data.trim() === "[DONE]") {
        finished = true;
        break;
      }
      let data: z.infer<typeof streamEvent>;
      try {
        data = streamEvent.parse(JSON.parse(event.data));
      } catch {
        generate.log.warn({ event: event.event }, "skipped a malformed event from CometAPI");
        continue;
      }
      const type = data.type ?? event.event ?? "";
      if (type === "error" || type.endsWith(".failed") || data.error) {
        upstreamError("stream");
        const failure = parseUpstreamFailure(0, data.error ? { error: data.error } : data);
        const serverSide = failure.type === "server_error" || failure.type === "";
        const { error } = classifyUpstreamFailure({ ...failure, status: serverSide ? 500 : 400 });
        throw new AttemptFailure(error, false);
      }
      if (type.endsWith("partial_image")) {
        // The final image can overtake the partials: a preview after it would only step back.
        if (images.length >= wanted || !data.b64_json) continue;
        const image = decodeImage(data.b64_json, strings);
        generate.onPartial?.({ index: data.partial_image_index ?? 0, image });
      } else if (type.endsWith("completed")) {
        images.push(await toImageData(data, signal, strings));
        if (data.usage) usages.push(data.usage);
      }
    }
    if (images.length > 0) {
      reportUsage(generate, usages);
      return images;
    }
    const error = finished
      ? new ImagineError("no_image")
      : new ImagineError("upstream_unavailable", { upstreamMessage: "stream ended before an image arrived" });
    throw new AttemptFailure(error, false);
  }

  /** The call to make: for an edit, its images are downloaded (once, whatever the retries) first. */
  async function prepareCall(
    req: GenerationRequest,
    generate: GenerateOptions,
    signal: AbortSignal,
  ): Promise<UpstreamCall> {
    const fields = requestFields(req, options.partialImages);
    if (!req.edit) return { route: "generations", body: JSON.stringify(fields) };
    const images = await fetchEditImages(
      req.edit,
      generate.inputAccess,
      options.inputImages ?? {},
      options.imageDispatcher,
      signal,
    );
    return { route: "edits", body: buildEditForm(fields, images) };
  }

  async function attempt(
    call: UpstreamCall,
    req: GenerationRequest,
    generate: GenerateOptions,
    signal: AbortSignal,
    remainingMs: number,
  ) {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${options.baseUrl}/images/${call.route}`, {
        method: "POST",
        dispatcher: options.dispatcher,
        signal,
        headersTimeout: Math.max(1, remainingMs),
        bodyTimeout: options.idleTimeoutMs,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          // A form's content type (with its boundary) is set by undici.
          ...(typeof call.body === "string" && { "content-type": "application/json" }),
          accept: "text/event-stream, application/json",
        },
        body: call.body,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      upstreamError("network");
      const code = errorCode(error);
      const retryable = code !== undefined && connectionErrors.has(code);
      const kind = code === "UND_ERR_HEADERS_TIMEOUT" ? "timeout" : "upstream_unavailable";
      throw new AttemptFailure(
        new ImagineError(
          kind,
          { upstreamMessage: `request failed: ${code ?? String(error)}` },
          { cause: error },
        ),
        retryable,
      );
    }

    if (response.statusCode !== 200) {
      upstreamError(String(response.statusCode));
      const failure = parseUpstreamFailure(response.statusCode, await readJson(response.body));
      const { error, retryable } = classifyUpstreamFailure(failure);
      const retryAfterMs = parseRetryAfter(response.headers);
      throw new AttemptFailure(error, retryable, retryAfterMs, response.statusCode === 524);
    }

    try {
      const contentType = String(response.headers["content-type"] ?? "");
      return contentType.includes("text/event-stream")
        ? await readStream(response.body, req.count, generate, signal)
        : await readJsonAnswer(response.body, generate, signal);
    } catch (error) {
      if (signal.aborted || error instanceof AttemptFailure) throw error;
      if (error instanceof ImagineError) throw new AttemptFailure(error, false);
      // The connection broke or went silent after the answer began: the work may be billed.
      upstreamError("network");
      const code = errorCode(error);
      const kind = code === "UND_ERR_BODY_TIMEOUT" ? "timeout" : "upstream_unavailable";
      throw new AttemptFailure(
        new ImagineError(
          kind,
          { upstreamMessage: `answer broke off: ${code ?? String(error)}` },
          { cause: error },
        ),
        false,
      );
    }
  }

  async function generate(req: GenerationRequest, generateOptions: GenerateOptions): Promise<ImageData[]> {
    const deadline = startDeadline(options.timeoutMs);
    try {
      return await generateWithin(
        req,
        generateOptions,
        AbortSignal.any([generateOptions.signal, deadline.signal]),
      );
    } finally {
      deadline.clear();
    }
  }

  async function generateWithin(
    req: GenerationRequest,
    generateOptions: GenerateOptions,
    signal: AbortSignal,
  ): Promise<ImageData[]> {
    const { log } = generateOptions;
    const startedAt = Date.now();
    const abortedError = () =>
      generateOptions.signal.aborted ? new ImagineError("cancelled") : new ImagineError("timeout");

    let call: UpstreamCall;
    try {
      call = await prepareCall(req, generateOptions, signal);
    } catch (error) {
      if (signal.aborted) throw abortedError();
      const failure = toImagineError(error);
      log.warn(
        { code: failure.code, reason: failure.context.upstreamMessage },
        "could not fetch the image to edit",
      );
      throw failure;
    }

    let billedRetries = 0;
    for (let attemptIndex = 0; ; attemptIndex++) {
      const remainingMs = options.timeoutMs - (Date.now() - startedAt);
      try {
        const images = await attempt(call, req, generateOptions, signal, remainingMs);
        log.info(
          {
            attempts: attemptIndex + 1,
            ms: Date.now() - startedAt,
            images: images.length,
            route: call.route,
          },
          "images generated",
        );
        return images;
      } catch (error) {
        if (signal.aborted) throw abortedError();
        if (!(error instanceof AttemptFailure)) throw error;
        const { error: failure } = error;
        const canRetry =
          error.retryable && attemptIndex < options.maxRetries && (!error.maybeBilled || billedRetries === 0);
        log.warn(
          {
            attempt: attemptIndex + 1,
            code: failure.code,
            status: failure.context.status,
            upstream: failure.context.upstreamMessage,
            willRetry: canRetry,
          },
          "CometAPI attempt failed",
        );
        if (failure.code === "upstream_auth") log.error("CometAPI refused the key: check COMETAPI_API_KEY");
        if (failure.code === "insufficient_quota")
          log.error("CometAPI balance is exhausted: top up the account behind COMETAPI_API_KEY");
        if (!canRetry) throw failure;
        if (error.maybeBilled) billedRetries++;
        const delay = backoffDelay(attemptIndex, backoff, error.retryAfterMs);
        if (Date.now() - startedAt + delay >= options.timeoutMs) throw failure;
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          throw abortedError();
        }
      }
    }
  }

  const checkAccess = (signal?: AbortSignal) =>
    checkModels({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      dispatcher: options.dispatcher,
      timeoutMs: accessCheckTimeoutMs,
      ...(signal && { signal }),
    });

  return { generate, checkAccess };
}
