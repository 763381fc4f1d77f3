import type { Database } from "better-sqlite3";

export interface CheckpointerOptions {
  /** Quiet time after the last commit before the WAL is copied into the database. */
  readonly idleMs: number;
  /** Commits after which a checkpoint runs at once, however busy the store is. */
  readonly maxCommits: number;
  /** Told of a checkpoint that failed (the next one tries again). */
  readonly onError: (error: unknown) => void;
}

/** When the store's WAL is copied back into the database file. */
export interface Checkpointer {
  /** A transaction was committed. */
  committed(): void;
  stop(): void;
}

/**
 * Takes SQLite's checkpoints off the busy moments. Left to itself SQLite checkpoints inside the
 * commit that fills the WAL past 1,000 pages, and with synchronous=NORMAL that is the one place it
 * waits for the disk (milliseconds, with the event loop stopped): in a burst of requests, that
 * commit's acknowledgements would wait too. Here the automatic checkpoint is off; one runs once
 * the store has been quiet for `idleMs`, or after `maxCommits` commits when it never is.
 */
export function createCheckpointer(db: Database, options: CheckpointerOptions): Checkpointer {
  db.pragma("wal_autocheckpoint = 0");
  let commits = 0;
  let timer: NodeJS.Timeout | undefined;
  const checkpoint = () => {
    clearTimeout(timer);
    timer = undefined;
    commits = 0;
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } catch (error) {
      options.onError(error);
    }
  };
  return {
    committed() {
      commits++;
      if (commits >= options.maxCommits) return checkpoint();
      clearTimeout(timer);
      timer = setTimeout(checkpoint, options.idleMs).unref();
    },
    stop: () => clearTimeout(timer),
  };
}
