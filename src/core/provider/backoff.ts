/** How long to wait before attempt `attempt + 1`, honouring the server's word when it gives one. */
export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0..1, injected so tests can pin the jitter. */
  readonly random: () => number;
}

export const defaultBackoff: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 20_000, random: Math.random };

/**
 * Exponential backoff with "equal jitter" (half fixed, half random) so that many clients that
 * failed together do not come back together. A `retry-after` from the server wins when longer.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + (policy.random() * exponential) / 2;
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date) into milliseconds.
 */
export function parseRetryAfter(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): number | undefined {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const ms = Number(first(headers["retry-after-ms"]));
  if (Number.isFinite(ms) && ms >= 0 && first(headers["retry-after-ms"]) !== undefined) return ms;
  const raw = first(headers["retry-after"]);
  if (raw === undefined || raw.trim() === "") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
