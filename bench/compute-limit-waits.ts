/** A platform's published limit on one kind of call: `limit` calls in any window of `windowMs`. */
export interface CallLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/** When a job's images were ready, and when the platform received the job's limited call. */
export interface LimitedJob {
  /** Undefined: the job never got that far. */
  readonly readyAt?: number;
  /** Undefined: the job made no such call (it failed, or never got its images). */
  readonly calledAt?: number;
}

/**
 * How long a platform's limit held each job's delivery, in ms, in the order given: from when its
 * images were ready to when the limit let its call go. The limit counts the calls the platform
 * received: the k-th can go no sooner than a window after the (k - limit)-th. The window is
 * anchored on the calls as they were made, not as an ideal bot would have made them: a call the
 * bot made late is charged to its own job, never a second time to the job a window behind it. A
 * job that made no call waited for nothing.
 */
export function computeLimitWaits(jobs: readonly LimitedJob[], limit: CallLimit): number[] {
  const callAts = jobs.flatMap((job) => (job.calledAt === undefined ? [] : [job.calledAt]));
  callAts.sort((a, b) => a - b);
  return jobs.map(({ readyAt, calledAt }) => {
    if (readyAt === undefined || calledAt === undefined) return 0;
    // Calls received in the same ms share the first of their ranks: what is taken out is never
    // more than the limit imposed.
    const rank = callAts.indexOf(calledAt);
    const earlier = callAts[rank - limit.limit];
    return earlier === undefined ? 0 : Math.max(0, earlier + limit.windowMs - readyAt);
  });
}
