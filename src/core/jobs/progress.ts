export interface CoalescerOptions<T> {
  /** Shows a state to the person; may be slow and may fail. */
  readonly render: (state: T) => Promise<void>;
  /** Least time between the starts of two renders. */
  readonly intervalMs: number;
  /** Two states that look the same to the person; the second is not rendered. */
  readonly same?: (a: T, b: T) => boolean;
  /** Told about renders that failed along the way (the final one rejects `finish` instead). */
  readonly onError?: (error: unknown) => void;
  /**
   * Asked just before each progress render (not the final one): when it says no, the state stays
   * waiting and is offered again an interval later. A process-wide budget of edits plugs in here.
   */
  readonly admit?: (state: T) => boolean;
  readonly now?: () => number;
}

export interface Coalescer<T> {
  /** Offers a new state; only the latest one waiting is rendered. */
  push(state: T): void;
  /**
   * Renders the final state once whatever is in flight is done, without waiting out the
   * interval, and drops anything still waiting. Rejects if that last render fails.
   */
  finish(state: T): Promise<void>;
}

/** Least wait before offering a state again after `admit` said no. */
const minRetryMs = 100;

/**
 * Latest-wins progress updates: never more than one render in flight, never two starts closer
 * than `intervalMs`, identical states skipped, and the final state always rendered last.
 */
export function createCoalescer<T>(options: CoalescerOptions<T>): Coalescer<T> {
  const now = options.now ?? Date.now;
  const same = options.same ?? Object.is;
  let pending: { state: T } | undefined;
  let lastShown: { state: T } | undefined;
  let lastStartedAt = -Infinity;
  /** Set when `admit` said no: no progress render before then. */
  let deniedUntil = -Infinity;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  function renderNow(state: T): Promise<void> {
    lastStartedAt = now();
    lastShown = { state };
    return options.render(state);
  }

  function schedule(): void {
    if (timer || !pending || finished) return;
    const waitMs = Math.max(0, lastStartedAt + options.intervalMs - now(), deniedUntil - now());
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = inFlight.then(async () => {
        const next = pending;
        if (!next || finished) return;
        if (lastShown && same(lastShown.state, next.state)) {
          pending = undefined;
          return;
        }
        if (options.admit && !options.admit(next.state)) {
          deniedUntil = now() + Math.max(options.intervalMs, minRetryMs);
          schedule();
          return;
        }
        pending = undefined;
        try {
          await renderNow(next.state);
        } catch (error) {
          options.onError?.(error);
        }
        schedule();
      });
    }, waitMs);
  }

  return {
    push(state) {
      if (finished) return;
      pending = { state };
      schedule();
    },
    finish(state) {
      finished = true;
      pending = undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const final = inFlight.then(() => renderNow(state));
      inFlight = final.catch(() => undefined);
      return final;
    },
  };
}
