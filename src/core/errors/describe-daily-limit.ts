import { formatWait } from "../../kit/format-wait.ts";

/** Whose limit a sentence speaks of: "You have" / "You have reached your", or a place's. */
export interface LimitHolder {
  readonly has: string;
  readonly reached: string;
}

/** Where a daily limit stands for whoever asked. */
export interface DailyLimitState {
  /** Images still allowed today. */
  readonly remaining?: number;
  readonly limit?: number;
  /** Seconds until the limit resets. */
  readonly retryAfterSeconds?: number;
}

const images = (count: number) => `${count} image${count === 1 ? "" : "s"}`;

/**
 * The sentence for a daily limit: what is left today and what to ask for, or, once nothing is
 * left, when the limit resets. Both platforms say it the same way; only the holder differs.
 */
export function describeDailyLimit(who: LimitHolder, state: DailyLimitState): string {
  const { remaining = 0, limit = 0, retryAfterSeconds } = state;
  if (remaining > 0) {
    const ask = remaining === 1 ? "ask for just 1" : `ask for ${remaining} or fewer`;
    return `${who.has} ${images(remaining)} left today: ${ask}.`;
  }
  const when = retryAfterSeconds === undefined ? "" : ` (in ${formatWait(retryAfterSeconds)})`;
  return `${who.reached} daily limit of ${images(limit)}. It resets at 00:00 UTC${when}.`;
}
