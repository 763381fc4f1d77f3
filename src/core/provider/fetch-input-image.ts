import type { Dispatcher } from "undici";
import { startDeadline } from "../../kit/start-deadline.ts";
import { ImagineError } from "../errors/errors.ts";
import { defaultMaxInputImageBytes, mayFetchInput } from "../requests/check-edit-inputs.ts";
import type { EditInputs, InputImage, InputImageAccess } from "../requests/input-image.ts";
import type { EditImages } from "./build-edit-form.ts";
import { DownloadFailure, downloadCapped } from "./download-capped.ts";
import { sniffImageType } from "./images.ts";
import type { ImageData } from "./types.ts";

/** How the provider downloads the images an edit starts from. */
export interface InputImageOptions {
  /** Largest input image, in bytes, enforced while it downloads (IMAGINE_MAX_INPUT_IMAGE_MB). Default 20 MiB. */
  readonly maxBytes?: number;
  /** Plain http to loopback addresses, for tests against local fakes (IMAGINE_ALLOW_LOOPBACK_URLS). Default false. */
  readonly allowLoopback?: boolean;
  /** For the whole download of one input, redirects and body included. Default 60 s. */
  readonly timeoutMs?: number;
}

const defaultTimeoutMs = 60_000;

function unavailable(reason: string, cause?: unknown): ImagineError {
  return new ImagineError("input_unavailable", { upstreamMessage: `input image ${reason}` }, { cause });
}

/**
 * Downloads an image a person gave the bot to edit, from their platform's own file hosts only
 * (`mayFetchInput`, asked again for every redirect) through the guarded `dispatcher`. The
 * platform's headers (Slack's bot token) go to the first address's origin only, never to a host a
 * redirect names. Fails as `input_not_allowed`, `input_too_large` (cut off as soon as the body
 * passes the cap), `input_not_image` (not a PNG, JPEG or WebP by its first bytes) or
 * `input_unavailable`; when `signal` aborts its own error is thrown instead.
 */
export async function fetchInputImage(
  input: InputImage,
  access: InputImageAccess | undefined,
  options: InputImageOptions,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<ImageData> {
  const maxBytes = options.maxBytes ?? defaultMaxInputImageBytes;
  const allowLoopback = options.allowLoopback ?? false;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!access || !mayFetchInput(input.url, access, allowLoopback))
    throw new ImagineError("input_not_allowed");
  const start = new URL(input.url);

  const deadline = startDeadline(timeoutMs);
  let bytes: Buffer;
  try {
    bytes = await downloadCapped(start, {
      dispatcher,
      signal: AbortSignal.any([signal, deadline.signal]),
      maxBytes,
      allowLoopback,
      mayFetch: (url) => mayFetchInput(url.href, access, allowLoopback),
      headersFor: (url) => (url.origin === start.origin ? access.headers : undefined),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    if (deadline.expired) throw unavailable(`download took over ${timeoutMs} ms`, error);
    if (error instanceof DownloadFailure && error.reason === "too_large") {
      throw new ImagineError(
        "input_too_large",
        { limit: Math.floor(maxBytes / 1024 / 1024), upstreamMessage: `input image ${error.message}` },
        { cause: error },
      );
    }
    // The platform no longer serves the file (a Discord attachment address expires in a day).
    if (error instanceof DownloadFailure && [403, 404, 410].includes(error.status ?? 0)) {
      throw new ImagineError(
        "input_gone",
        { upstreamMessage: `input image ${error.message}` },
        { cause: error },
      );
    }
    throw unavailable(
      error instanceof DownloadFailure ? error.message : `download failed: ${String(error)}`,
      error,
    );
  } finally {
    deadline.clear();
  }

  const mimeType = sniffImageType(bytes);
  // GIF is an image the bot can post, but not one the edits route takes.
  if (!mimeType || mimeType === "image/gif") throw new ImagineError("input_not_image");
  return { bytes, mimeType };
}

/** Downloads an edit's image, then its mask, as `fetchInputImage` does. */
export async function fetchEditImages(
  edit: EditInputs,
  access: InputImageAccess | undefined,
  options: InputImageOptions,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<EditImages> {
  const image = await fetchInputImage(edit.image, access, options, dispatcher, signal);
  if (!edit.mask) return { image };
  return { image, mask: await fetchInputImage(edit.mask, access, options, dispatcher, signal) };
}
