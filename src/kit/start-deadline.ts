/** A deadline: its signal aborts once `ms` have passed, unless it is cleared first. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Whether the time ran out (as opposed to never, or not yet). */
  readonly expired: boolean;
  clear(): void;
}

/**
 * Starts a deadline held by a timer of its own. An `AbortSignal.timeout()` that only
 * `AbortSignal.any()` refers to is held weakly on Node 20, so a garbage collection can take the
 * deadline away with it; this timer stays until it fires or `clear()` is called.
 */
export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`deadline of ${ms} ms passed`)), ms);
  return {
    signal: controller.signal,
    get expired() {
      return controller.signal.aborted;
    },
    clear: () => clearTimeout(timer),
  };
}
