/** A fixed-window limit: `limit` requests per `windowMs` in one bucket. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface WindowDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Milliseconds until the bucket refills. */
  readonly resetAfterMs: number;
}

/**
 * Counts requests per bucket in fixed windows, the way Discord and Slack describe their limits.
 * Shared by both fakes' opt-in rate limiting (used by the bench; tests leave it off).
 */
export function createRateWindows(now: () => number = Date.now) {
  const buckets = new Map<string, { resetAt: number; used: number }>();
  return {
    take(bucket: string, rule: RateLimit): WindowDecision {
      const at = now();
      let entry = buckets.get(bucket);
      if (!entry || at >= entry.resetAt) {
        entry = { resetAt: at + rule.windowMs, used: 0 };
        buckets.set(bucket, entry);
      }
      const allowed = entry.used < rule.limit;
      if (allowed) entry.used++;
      return {
        allowed,
        limit: rule.limit,
        remaining: rule.limit - entry.used,
        resetAfterMs: entry.resetAt - at,
      };
    },
  };
}
