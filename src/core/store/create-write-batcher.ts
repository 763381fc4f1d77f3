/** One write waiting for its batch. */
interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface WriteBatcherOptions {
  /** Runs every write of a batch in one transaction; each item's `run` is its own savepoint. */
  readonly commit: (items: readonly (() => void)[]) => void;
  /** Runs one write inside the batch's transaction, undone alone when it throws. */
  readonly runOne: <T>(work: () => T) => T;
  /**
   * Whether a write's error ends the whole batch (a full disk: the engine may have rolled the
   * whole transaction back already), rather than that write alone.
   */
  readonly endsBatch: (error: unknown) => boolean;
}

/**
 * Group commit: the writes asked for together (in one round of promise callbacks, as a burst of
 * requests read from one network packet does) are committed in one transaction as soon as that
 * round ends, each in a savepoint of its own, so one that throws is undone alone. A burst then
 * costs one commit, not one each, and waits for nothing else the event loop has to do, while
 * every write is still on disk before its promise resolves. A batch whose commit fails, or one of whose writes
 * fails in a way that ends it, rejects all its writes.
 */
export function createWriteBatcher(options: WriteBatcherOptions): <T>(work: () => T) => Promise<T> {
  let pending: Pending[] = [];

  function flush(): void {
    const batch = pending;
    pending = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const items = batch.map((item) => () => {
      try {
        outcomes.push({ ok: true, value: options.runOne(item.work) });
      } catch (error) {
        if (options.endsBatch(error)) throw error;
        outcomes.push({ ok: false, error });
      }
    });
    try {
      options.commit(items);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }

  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
}
