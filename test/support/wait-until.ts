/** Default for every wait of the tests and fakes: long enough for a slow CI box, short enough to fail fast. */
export const defaultTimeoutMs = 10_000;

/** Options of every waiting helper. */
export interface WaitOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

/** How a wait reports: the value it waited for, or why it stopped waiting. */
export type Subscribe<T> = (done: (value: T) => void, fail: (error: Error) => void) => () => void;

/**
 * Resolves with the first value `subscribe` reports through `done`, rejects with what it reports
 * through `fail`, or rejects after `timeoutMs` with the message `describeTimeout` builds then (so
 * it can say what was awaited and list what did happen).
 *
 * `subscribe` registers a listener and returns its removal; it may call `done` or `fail`
 * synchronously, before it returns.
 */
export function waitUntil<T>(
  subscribe: Subscribe<T>,
  timeoutMs: number,
  describeTimeout: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    // Not const: `subscribe` may settle before it returns, while this is still undefined.
    let unsubscribe: (() => void) | undefined = undefined;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      return true;
    };
    const timer = setTimeout(() => {
      if (settle()) reject(new Error(describeTimeout()));
    }, timeoutMs);
    unsubscribe = subscribe(
      (value) => {
        if (settle()) resolve(value);
      },
      (error) => {
        if (settle()) reject(error);
      },
    );
    // `done` or `fail` may have run before `unsubscribe` existed.
    if (settled) unsubscribe();
  });
}

/**
 * A wake-up signal for state that changes outside any event log (a counter, an array a fake
 * pushes to): `until` resolves once `check` holds, checking now and after each `changed()`.
 */
export interface Changes {
  /** Call after every change of the watched state. */
  changed(): void;
  /** Resolves once `check()` holds; rejects after the timeout saying `what` was awaited. */
  until(check: () => boolean, what: string, opts?: WaitOptions): Promise<void>;
}

export function createChanges(): Changes {
  const listeners = new Set<() => void>();
  return {
    changed() {
      for (const listener of [...listeners]) listener();
    },
    until(check, what, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
      return waitUntil<void>(
        (done) => {
          const listener = (): void => {
            if (check()) done();
          };
          listeners.add(listener);
          listener();
          return () => listeners.delete(listener);
        },
        timeoutMs,
        () => `still waiting after ${timeoutMs} ms for ${what}`,
      );
    },
  };
}
