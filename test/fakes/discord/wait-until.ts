/** Default for every waiting helper of the fake: long enough for a slow CI box, short enough to fail fast. */
export const defaultTimeoutMs = 10_000;

/**
 * Resolves with the first value `subscribe` reports through `done`, or rejects after `timeoutMs`
 * with the message `describeTimeout` builds then (so it can list what did happen).
 *
 * `subscribe` registers a listener and returns its removal; it may call `done` synchronously when
 * the value is already there.
 */
export function waitUntil<T>(
  subscribe: (done: (value: T) => void) => () => void,
  timeoutMs: number,
  describeTimeout: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe = (): void => {};
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      return true;
    };
    const timer = setTimeout(() => {
      if (settle()) reject(new Error(describeTimeout()));
    }, timeoutMs);
    const remove = subscribe((value) => {
      if (settle()) resolve(value);
    });
    // `done` may already have run, before there was anything to remove.
    if (settled) remove();
    else unsubscribe = remove;
  });
}
