import { request, type Dispatcher } from "undici";
import { isIpLiteral, isLoopbackHost, mayReachAddress } from "./address-guard.ts";

/** Why a download failed; each caller turns it into its own error code. */
export class DownloadFailure extends Error {
  constructor(
    readonly reason: "refused" | "unreachable" | "status" | "too_large" | "redirects",
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = "DownloadFailure";
    this.status = options?.status;
  }

  /** The HTTP status the address answered with, for reason "status". */
  readonly status: number | undefined;
}

export interface CappedDownloadOptions {
  /** A guarded dispatcher (`createGuardedDispatcher`), so no name reaches a private address. */
  readonly dispatcher: Dispatcher;
  /** Ends the download; its own error is thrown as it is. */
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  /** Plain http to loopback addresses, for tests against local fakes. */
  readonly allowLoopback: boolean;
  /** Default 3. */
  readonly maxRedirects?: number;
  /** Whether the caller's own rules let it fetch this address; asked for every hop. */
  readonly mayFetch?: (url: URL) => boolean;
  /** Headers for the request to this address (asked for every hop). */
  readonly headersFor?: (url: URL) => Readonly<Record<string, string>> | undefined;
}

/** Why the address guard refuses this URL before anything connects, or undefined when it may be fetched. */
function refuseUrl(url: URL, allowLoopback: boolean): string | undefined {
  const host = url.hostname;
  const loopbackHost = isLoopbackHost(host);
  if (url.protocol === "http:" && !(allowLoopback && loopbackHost)) {
    return `refusing plain http URL ${url.origin}`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `unsupported URL scheme ${url.protocol}`;
  if (isIpLiteral(host) && !mayReachAddress(host, allowLoopback))
    return `refusing URL at private address ${host}`;
  return undefined;
}

async function readCapped(body: Dispatcher.ResponseData["body"], maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      // Stop the transfer now rather than reading the rest of an oversized body.
      body.destroy();
      throw new DownloadFailure("too_large", `body is over the ${maxBytes}-byte cap`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * GETs a URL's bytes: redirects followed by hand with each hop checked against the address guard
 * (and the caller's `mayFetch`), and `maxBytes` enforced from the declared length and again while
 * the body streams. Fails with a `DownloadFailure`, or with the signal's error once it aborts.
 */
export async function downloadCapped(start: URL, options: CappedDownloadOptions): Promise<Buffer> {
  const { dispatcher, signal, maxBytes } = options;
  let url = start;
  for (let hop = 0; hop <= (options.maxRedirects ?? 3); hop++) {
    const refusal =
      refuseUrl(url, options.allowLoopback) ??
      (options.mayFetch && !options.mayFetch(url) ? `refusing ${url.origin}` : undefined);
    if (refusal) throw new DownloadFailure("refused", refusal);
    let response: Dispatcher.ResponseData;
    try {
      const headers = options.headersFor?.(url);
      response = await request(url, { method: "GET", dispatcher, signal, ...(headers && { headers }) });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new DownloadFailure("unreachable", `download failed: ${String(error)}`, { cause: error });
    }
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === "string") {
      await response.body.dump();
      if (!URL.canParse(location, url.href)) throw new DownloadFailure("status", "URL redirected to no URL");
      url = new URL(location, url);
      continue;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new DownloadFailure("status", `URL answered ${response.statusCode}`, {
        status: response.statusCode,
      });
    }
    const declared = Number(response.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      response.body.destroy();
      throw new DownloadFailure("too_large", `body of ${declared} bytes is over the ${maxBytes}-byte cap`);
    }
    try {
      return await readCapped(response.body, maxBytes);
    } catch (error) {
      if (signal.aborted || error instanceof DownloadFailure) throw error;
      throw new DownloadFailure("unreachable", `download broke off: ${String(error)}`, { cause: error });
    }
  }
  throw new DownloadFailure("redirects", "URL redirected too many times");
}
