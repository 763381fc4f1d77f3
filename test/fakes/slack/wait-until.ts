/** Default for every waiting helper of the fake: long enough for a slow CI box, short enough to fail fast. */
export const defaultTimeoutMs = 10_000;

/**
 * Resolves with the first value `subscribe` reports through `done`, rejects with what it reports
 * through `fail`, or rejects after `timeoutMs` with the message `describeTimeout` builds then (so it
 * can list what did happen).
 *
 * `subscribe` registers a listener and returns its removal; it may call `done` synchronously when
 * the value is already there.
 */
export function waitUntil<T>(
  subscribe: (done: (value: T) => void, fail: (error: Error) => void) => () => void,
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
