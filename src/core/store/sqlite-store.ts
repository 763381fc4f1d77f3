import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import initSqlJs from "sql.js";
import { utcDay } from "../../kit/utc-day.ts";
import { createCounterStore, type CounterAccess } from "./create-claim-ledger.ts";
import { createSaver } from "./create-saver.ts";
import { openDatabaseFile } from "./open-database-file.ts";
import type { Store } from "./store.ts";

const schema = `
  CREATE TABLE IF NOT EXISTS last_job (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS daily_images (
    day TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, key)
  );
`;

/** Days of counters kept; older ones are dropped at start. */
const keepDays = 3;

/** Longest a change waits in memory before the file is rewritten. */
const defaultSaveDelayMs = 1000;

/** Longest wait between two retries while the disk refuses saves. */
const defaultMaxRetryDelayMs = 30_000;

const silent: Pick<Logger, "info" | "warn" | "error"> = { info: () => {}, warn: () => {}, error: () => {} };

export interface SqliteStoreOptions {
  /**
   * The clock that decides which daily counters are old enough to drop at start, and dates the
   * changes a failed last save leaves unsaved. Default `Date.now`.
   */
  readonly now?: () => number;
  /**
   * Longest a change waits before it is written to the file (while the disk takes writes, a crash
   * loses at most this much). Default 1 s.
   */
  readonly saveDelayMs?: number;
  /** Cap of the doubling wait between retries while saves fail. Default 30 s. */
  readonly maxRetryDelayMs?: number;
  /**
   * Where the operator hears of an empty store file (warn), saves failing (error, once) and
   * working again (info, once), and what a failed last save on close leaves unsaved (error).
   */
  readonly log?: Pick<Logger, "info" | "warn" | "error">;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

const dayKey = (day: string, key: string) => JSON.stringify([day, key]);

/**
 * The embedded default Store: an SQLite database file under the data directory. SQLite runs as
 * WebAssembly (sql.js), so nothing is compiled at install. The counters are read into memory at
 * start and answered from there; changes are written to the database and the file rewritten
 * atomically (temporary file + rename) at most once per `saveDelayMs`, and on close, so a burst
 * of requests never waits on SQLite or the disk. A disk that refuses the saves does not stop the
 * bot: it keeps counting in memory and retries until the file can be written again.
 *
 * @throws StartupError when the file exists but is not a usable database (it is left as it is).
 */
export async function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  const log = options.log ?? silent;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "imagine.sqlite");
  const SQL = await initSqlJs();
  const db = openDatabaseFile(SQL, file, log);
  db.run(schema);
  const oldest = utcDay(now() - keepDays * 86_400_000);
  db.run("DELETE FROM daily_images WHERE day < ?", [oldest]);

  const lastJob = new Map<string, number>();
  for (const [key, at] of db.exec("SELECT key, at FROM last_job")[0]?.values ?? []) {
    lastJob.set(String(key), Number(at));
  }
  const images = new Map<string, number>();
  for (const [day, key, count] of db.exec("SELECT day, key, count FROM daily_images")[0]?.values ?? []) {
    images.set(dayKey(String(day), String(key)), Number(count));
  }
  // Everything changed since the last save that reached the disk: kept until one does.
  const changedLastJob = new Set<string>();
  const changedImages = new Set<string>();
  let changedSince: number | undefined;

  const persist = () => {
    for (const key of changedLastJob) {
      db.run("INSERT INTO last_job (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at", [
        key,
        lastJob.get(key) ?? 0,
      ]);
    }
    for (const slot of changedImages) {
      const [day, key] = JSON.parse(slot) as [string, string];
      db.run(
        "INSERT INTO daily_images (day, key, count) VALUES (?, ?, ?) ON CONFLICT(day, key) DO UPDATE SET count = excluded.count",
        [day, key, images.get(slot) ?? 0],
      );
    }
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, db.export());
    renameSync(temporary, file);
    changedLastJob.clear();
    changedImages.clear();
    changedSince = undefined;
  };
  persist();

  const saver = createSaver({
    save: () => {
      if (changedSince !== undefined) persist();
    },
    describeUnsaved: () =>
      `${plural(changedLastJob.size, "cooldown")} and ${plural(changedImages.size, "daily image count")} ` +
      `changed since ${new Date(changedSince ?? now()).toISOString()}`,
    file,
    delayMs: options.saveDelayMs ?? defaultSaveDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? defaultMaxRetryDelayMs,
    log,
  });
  let closed = false;
  const markChanged = () => {
    // After close the database is gone: a late change (a refund after shutdown) stays in memory.
    if (closed) return;
    changedSince ??= now();
    saver.soon();
  };

  const counters: CounterAccess = {
    lastJobAt: (key) => lastJob.get(key),
    setLastJobAt: (key, at) => {
      lastJob.set(key, at);
      changedLastJob.add(key);
      markChanged();
    },
    imagesOn: (key, day) => images.get(dayKey(day, key)) ?? 0,
    addImages: (key, day, count) => {
      const slot = dayKey(day, key);
      images.set(slot, Math.max(0, (images.get(slot) ?? 0) + count));
      changedImages.add(slot);
      markChanged();
    },
  };

  return createCounterStore(counters, async () => {
    if (closed) return;
    closed = true;
    saver.flush();
    db.close();
  });
}
