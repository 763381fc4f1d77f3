export interface RateBudgetOptions {
  /** Calls allowed in any window of `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * The calls one rate-limited platform method may still take, shared by every job: a sliding
 * window, so it never goes past a limit the platform counts in fixed windows either. Calls a
 * person is waiting for wait their turn; cosmetic ones (progress edits) take a turn only when one
 * is free and nobody is waiting.
 */
export interface RateBudget {
  /** Takes `count` turns (default 1) now if they are free with `reserve` more left over, and nobody is waiting. */
  tryTake(options?: { readonly count?: number; readonly reserve?: number }): boolean;
  /** Waits for `count` turns (in order of asking) and takes them. */
  take(count?: number): Promise<void>;
  /** Turns `tryTake` could take now: none while someone waits. */
  free(): number;
}

export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  /** When each call still inside the window was taken, oldest first. */
  const taken: number[] = [];
  const waiting: Array<{ count: number; go: () => void }> = [];
  let timer: NodeJS.Timeout | undefined;

  const free = () => {
    const windowStart = now() - windowMs;
    while (taken.length > 0 && taken[0]! <= windowStart) taken.shift();
    return limit - taken.length;
  };
  const record = (count: number) => {
    for (let turn = 0; turn < count; turn++) taken.push(now());
  };

  function serve(): void {
    while (waiting.length > 0 && free() >= waiting[0]!.count) {
      const next = waiting.shift()!;
      record(next.count);
      next.go();
    }
    if (waiting.length === 0 || timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        serve();
      },
      Math.max(1, taken[0]! + windowMs - now()),
    );
    // Waiting never keeps the process alive on its own.
    timer.unref();
  }

  return {
    tryTake({ count = 1, reserve = 0 } = {}) {
      const turns = Math.min(Math.max(1, count), limit);
      if (waiting.length > 0 || free() < turns + reserve) return false;
      record(turns);
      return true;
    },
    free: () => (waiting.length > 0 ? 0 : free()),
    take(count = 1) {
      return new Promise<void>((go) => {
        waiting.push({ count: Math.min(Math.max(1, count), limit), go });
        serve();
      });
    },
  };
}
