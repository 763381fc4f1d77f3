import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent, request, type Dispatcher } from "undici";
import { isIpLiteral, isLoopbackAddress, isPrivateAddress } from "./address-guard.ts";
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

function addressAllowed(address: string, allowLoopback: boolean): boolean {
  return !isPrivateAddress(address) || (allowLoopback && isLoopbackAddress(address));
}

/**
 * An undici dispatcher whose DNS answers are checked before connecting, so a name that resolves
 * to a private address (or is re-pointed there between check and use) is never reached.
 */
export function createGuardedDispatcher(allowLoopback: boolean): Agent {
  const guardedLookup = (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = addresses.find((entry) => !addressAllowed(entry.address, allowLoopback));
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

function checkUrl(url: URL, allowLoopback: boolean): void {
  const host = url.hostname;
  const loopbackHost = host === "localhost" || (isIpLiteral(host) && isLoopbackAddress(host));
  if (url.protocol === "http:" && !(allowLoopback && loopbackHost)) {
    throw unavailable(`refusing plain http image URL ${url.origin}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw unavailable(`unsupported URL scheme ${url.protocol}`);
  if (isIpLiteral(host) && !addressAllowed(host, allowLoopback)) {
    throw unavailable(`refusing image URL at private address ${host}`);
  }
}

async function readCapped(body: Dispatcher.ResponseData["body"], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      body.destroy();
      throw unavailable(`image is over the ${maxBytes}-byte cap`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function download(
  start: URL,
  options: ImageFetchOptions,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  deadline: AbortSignal,
): Promise<ImageData> {
  let url = start;
  for (let hop = 0; hop <= (options.maxRedirects ?? 3); hop++) {
    checkUrl(url, options.allowLoopback);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { method: "GET", dispatcher, signal: deadline });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ImagineError(
        "image_unavailable",
        { upstreamMessage: `download failed: ${String(error)}` },
        { cause: error },
      );
    }
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === "string") {
      await response.body.dump();
      url = new URL(location, url);
      continue;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw unavailable(`image URL answered ${response.statusCode}`);
    }
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > options.maxBytes) {
      response.body.destroy();
      throw unavailable(`image of ${declared} bytes is over the ${options.maxBytes}-byte cap`);
    }
    return toImage(await readCapped(response.body, options.maxBytes), options.maxBytes);
  }
  throw unavailable("image URL redirected too many times");
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
    return await download(url, options, dispatcher, signal, AbortSignal.any([signal, deadline.signal]));
  } catch (error) {
    if (signal.aborted || !deadline.expired) throw error;
    throw new ImagineError(
      "image_download_timeout",
      { upstreamMessage: `image download took over ${options.timeoutMs} ms` },
      { cause: error },
    );
  } finally {
    deadline.clear();
  }
}
