import { settleWithin } from "../../kit/settle-within.ts";

/**
 * Placeholder edits still on their way after a job's images were posted (its last word may wait
 * for a `chat.update` turn): the job's slot is free by then, and the adapter gives these a
 * bounded moment to land when it stops.
 */
export interface PendingEdits {
  add(edit: Promise<void>): void;
  /** Resolves once every pending edit has settled, or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void>;
}

export function createPendingEdits(): PendingEdits {
  const pending = new Set<Promise<void>>();
  return {
    add(edit) {
      const tracked = edit.catch(() => undefined);
      pending.add(tracked);
      void tracked.finally(() => pending.delete(tracked));
    },
    async settled(timeoutMs) {
      await settleWithin(Promise.allSettled([...pending]), timeoutMs);
    },
  };
}
