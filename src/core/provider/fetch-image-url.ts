import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent, type Dispatcher } from "undici";
import { mayReachAddress } from "./address-guard.ts";
import { DownloadFailure, downloadCapped } from "./download-capped.ts";
import { startDeadline } from "../../kit/start-deadline.ts";
import { ImagineError } from "../errors/errors.ts";
import { toImage } from "./images.ts";
import type { ImageData } from "./types.ts";

export interface ImageFetchOptions {
  readonly maxBytes: number;
  /** For the whole download of one image, redirects and body included. */
  readonly timeoutMs: number;
  /** Plain http to loopback addresses, for tests against local fakes. Off in production. */
  readonly allowLoopback: boolean;
  readonly maxRedirects?: number;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function unavailable(reason: string): ImagineError {
  return new ImagineError("image_unavailable", { upstreamMessage: reason });
}

/**
 * An undici dispatcher whose DNS answers are checked before connecting, so a name that resolves
 * to a private address (or is re-pointed there between check and use) is never reached.
 */
export function createGuardedDispatcher(allowLoopback: boolean): Agent {
  const guardedLookup = (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((entry) => !mayReachAddress(entry.address, allowLoopback));
      if (blocked) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" }),
          [],
        );
      }
      const all = (options as { all?: boolean }).all === true;
      const first = addresses[0];
      if (all || !first) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
  return new Agent({ connect: { lookup: guardedLookup } });
}

/**
 * Downloads an image a provider answered with a URL: https only, redirects followed by hand and
 * each hop checked, a byte cap, and `timeoutMs` for the whole download, body included. A download
 * that runs out of time fails as `image_download_timeout`; when `signal` aborts (the job was
 * cancelled or hit its overall deadline) its own error is thrown instead.
 */
export async function fetchImageUrl(
  rawUrl: string,
  options: ImageFetchOptions,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<ImageData> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw unavailable("answer held an image URL that is not a URL");
  }
  const deadline = startDeadline(options.timeoutMs);
  try {
    const bytes = await downloadCapped(url, {
      dispatcher,
      signal: AbortSignal.any([signal, deadline.signal]),
      maxBytes: options.maxBytes,
      allowLoopback: options.allowLoopback,
      ...(options.maxRedirects !== undefined && { maxRedirects: options.maxRedirects }),
    });
    return toImage(bytes, options.maxBytes);
  } catch (error) {
    if (signal.aborted) throw error;
    if (deadline.expired) {
      throw new ImagineError(
        "image_download_timeout",
        { upstreamMessage: `image download took over ${options.timeoutMs} ms` },
        { cause: error },
      );
    }
    if (error instanceof DownloadFailure) {
      throw new ImagineError(
        "image_unavailable",
        { upstreamMessage: `image ${error.message}` },
        { cause: error },
      );
    }
    throw error;
  } finally {
    deadline.clear();
  }
}
