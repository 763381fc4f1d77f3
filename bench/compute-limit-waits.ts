/** A platform's published limit on one kind of call: `limit` calls in any window of `windowMs`. */
export interface CallLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * How long a platform's limit holds each job's delivery whatever the bot does: the wait an ideal
 * bot would have, one that makes its one call the instant the job's images are ready, in the order
 * they became ready, and never goes past the limit. The k-th such call can go no sooner than a
 * window after the (k - limit)-th. `readyAts[i]` is when job i's images were ready (undefined: the
 * job never got that far, so it waited for nothing); the answer is in the same order, in ms.
 */
export function computeLimitWaits(readyAts: readonly (number | undefined)[], limit: CallLimit): number[] {
  const order = readyAts
    .map((readyAt, index) => ({ readyAt, index }))
    .filter((job): job is { readyAt: number; index: number } => job.readyAt !== undefined)
    .sort((a, b) => a.readyAt - b.readyAt);
  const waits = readyAts.map(() => 0);
  const callAts: number[] = [];
  for (const { readyAt, index } of order) {
    const earlier = callAts[callAts.length - limit.limit];
    const callAt = earlier === undefined ? readyAt : Math.max(readyAt, earlier + limit.windowMs);
    callAts.push(callAt);
    waits[index] = callAt - readyAt;
  }
  return waits;
}
