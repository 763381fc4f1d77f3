import type { RetryHandler } from "undici";

/** When an upload is tried again, and how long it waits first. */
export interface UploadRetryPolicy {
  /** Tries after the first. */
  readonly maxRetries: number;
  /** Wait before the first retry, doubled for each next one, at most `maxTimeoutMs`. */
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
  /** `performance.now()` by which the upload must be over: no wait reaches past it. */
  readonly endsAt: number;
}

/** Answers worth another try: the upload service's failures and its rate limit (undici's own list). */
const retryStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Connections that failed before an answer (undici's own list). */
const retryCodes: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "EPIPE",
  "UND_ERR_SOCKET",
]);

/** Retry-After in ms (seconds, or an HTTP date); undefined when absent or unreadable. */
function readRetryAfterMs(
  headers: Record<string, string | string[] | undefined> | undefined,
): number | undefined {
  const value = headers?.["retry-after"];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * undici's retry decision for an upload, with two changes to its waits: a 429's Retry-After is
 * waited out in full (undici caps it at `maxTimeout`, so a 429 asking 30 s came back after 5),
 * and a wait that would end past the deadline is not begun: the upload fails now rather than
 * hold its job's slot for a try that cannot finish in time. `signal` (the deadline) cuts a wait
 * short.
 */
export function createUploadRetry(
  policy: UploadRetryPolicy,
  signal: AbortSignal,
): RetryHandler.RetryCallback {
  return (error, { state }, done) => {
    const { statusCode, code, headers } = error as {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const retryable =
      typeof statusCode === "number" ? retryStatuses.has(statusCode) : retryCodes.has(code ?? "");
    if (!retryable || state.counter > policy.maxRetries || signal.aborted) {
      done(error);
      return;
    }
    const backoffMs = Math.min(policy.minTimeoutMs * 2 ** (state.counter - 1), policy.maxTimeoutMs);
    const waitMs = (statusCode === 429 ? readRetryAfterMs(headers) : undefined) ?? backoffMs;
    if (performance.now() + waitMs >= policy.endsAt) {
      done(error);
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      done(error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      done(null);
    }, waitMs);
    signal.addEventListener("abort", stop, { once: true });
  };
}
