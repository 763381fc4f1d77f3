import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "better-sqlite3";
import type { Logger } from "pino";
import { utcDay } from "../../kit/utc-day.ts";
import { createEmbeddedStore } from "./create-embedded-store.ts";
import { createSqliteTables } from "./create-sqlite-tables.ts";
import { createCheckpointer } from "./create-checkpointer.ts";
import { createSqliteWriter } from "./create-sqlite-writer.ts";
import { migrateDatabase, refuseNewerSchema } from "./migrate-database.ts";
import { openDatabaseFile } from "./open-database-file.ts";
import type { Store } from "./store.ts";
import { StoreUnavailableError } from "./store-unavailable-error.ts";
import { watchStoreFaults } from "./watch-store-faults.ts";

/** Quiet time after which the WAL is checkpointed, and the commits after which it is regardless. */
const checkpointIdleMs = 1000;
const checkpointMaxCommits = 1000;

/** Days of counters kept; older ones are dropped at start. */
const keepDays = 3;

/**
 * Longest a call waits for another process's write to finish. better-sqlite3 waits synchronously,
 * with the event loop stopped, so this stays well under the 3 s a Discord interaction has to be
 * answered in; a write holds the lock for a millisecond, so a longer wait means something else
 * holds the file, and the call fails with StoreUnavailableError.
 */
const defaultBusyTimeoutMs = 1000;

const silent: Pick<Logger, "info" | "warn" | "error"> = { info: () => {}, warn: () => {}, error: () => {} };

export interface SqliteStoreOptions {
  /**
   * The clock that decides which daily counters are old enough to drop at start, and how long
   * `claimOnce` remembers a key. Default `Date.now`.
   */
  readonly now?: () => number;
  /**
   * Where the operator hears of an empty store file (warn), calls failing because of the disk or
   * a lock (error, once) and writes working again (info, once).
   */
  readonly log?: Pick<Logger, "info" | "warn" | "error">;
  /** Longest a write waits for another process's write to the same file. Default 1 s. */
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded default Store: the SQLite file `imagine.sqlite` under the data directory, created
 * with the directory when missing. See `createSqliteStoreOn` for how it is used.
 *
 * @throws StartupError when the file exists but is not a usable database (it is left as it is),
 * or was written by a newer version; the file system's error when the directory is unusable.
 */
export async function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "imagine.sqlite");
  const db = openDatabaseFile(file, options.log ?? silent);
  try {
    return createSqliteStoreOn(db, file, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The Store over a database already open on `file`, which it owns from now on (its `close` closes
 * it). Every call is one transaction, every write one that takes the write lock as it begins
 * (writes asked for together are committed together, see createWriteBatcher), so
 * several processes may share the file: nothing is cached here, the database is the truth. A write
 * that the disk or a lock refuses rejects with StoreUnavailableError and changes nothing.
 */
export function createSqliteStoreOn(db: Database, file: string, options: SqliteStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  refuseNewerSchema(db, file);
  // WAL: a commit appends to the -wal file beside the database, readers never wait for writers,
  // and a process killed at any moment loses nothing committed. NORMAL syncs to the disk at
  // checkpoints rather than at every commit: each commit has reached the operating system when the
  // call returns, so only a power loss or a crash of the machine can roll back the last commits,
  // and even that never leaves the file corrupt.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? defaultBusyTimeoutMs}`);
  migrateDatabase(db);
  db.prepare("DELETE FROM daily_images WHERE day < ?").run(utcDay(now() - keepDays * 86_400_000));
  // One process per file: a person a dead process was telling of an interrupted job (it died
  // before recording it) is this start's to tell again.
  db.prepare(
    "UPDATE jobs SET error_code = 'restarted' WHERE status = 'interrupted' AND error_code = 'telling'",
  ).run();

  const call = watchStoreFaults(file, options.log ?? silent);
  let closed = false;
  const guarded = <T>(kind: "read" | "write", work: () => T): T => {
    // After close the database is gone: a late call (a refund after shutdown) is refused quietly.
    if (closed) throw new StoreUnavailableError(`the store ${file} is closed`);
    return call(kind, work);
  };
  const checkpointer = createCheckpointer(db, {
    idleMs: checkpointIdleMs,
    maxCommits: checkpointMaxCommits,
    onError: (error) => (options.log ?? silent).warn({ err: error, file }, "a WAL checkpoint failed"),
  });
  const write = createSqliteWriter(db, guarded, () => checkpointer.committed());
  return createEmbeddedStore(
    {
      ...createSqliteTables(db),
      write,
      read: (work) => guarded("read", work),
      close: () => {
        if (closed) return;
        closed = true;
        checkpointer.stop();
        // Closing the last connection checkpoints the WAL into the file.
        db.close();
      },
    },
    now,
  );
}
