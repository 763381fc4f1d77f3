import type { Database } from "better-sqlite3";
import { createWriteBatcher } from "./create-write-batcher.ts";
import { StoreUnavailableError } from "./store-unavailable-error.ts";
import type { StoreCall } from "./watch-store-faults.ts";

/**
 * The SQLite store's writes: committed in groups (see createWriteBatcher), the batch in one
 * transaction that takes the write lock as it begins, each write in a savepoint of its own.
 * `call` runs each step, turning SQLite's faults into StoreUnavailableError; `onCommit` hears of
 * each commit.
 */
export function createSqliteWriter(
  db: Database,
  call: StoreCall,
  onCommit: () => void = () => undefined,
): <T>(work: () => T) => Promise<T> {
  const transaction = db.transaction((work: () => unknown) => work());
  return createWriteBatcher({
    commit: (items) => {
      call("write", () => transaction.immediate(() => items.forEach((item) => item())));
      onCommit();
    },
    // Inside the batch's transaction the same function opens a savepoint: one write that throws
    // is undone alone.
    runOne: (work) => call("write", () => transaction(work) as ReturnType<typeof work>),
    // SQLite may roll back the whole transaction on a full disk or an I/O error.
    endsBatch: (error) => error instanceof StoreUnavailableError,
  });
}
