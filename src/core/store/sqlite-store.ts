import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import initSqlJs, { type Database } from "sql.js";
import { utcDay } from "../utc-day.ts";
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

export interface SqliteStoreOptions {
  /** The clock that decides which daily counters are old enough to drop. Default `Date.now`. */
  readonly now?: () => number;
  /** Longest a change waits before it is written to the file (a crash loses at most this much). */
  readonly saveDelayMs?: number;
  /** Told when a background save fails (the counters stay in memory; the next change tries again). */
  readonly onSaveError?: (error: unknown) => void;
}

const dayKey = (day: string, key: string) => JSON.stringify([day, key]);

/**
 * The embedded default Store: an SQLite database file under the data directory. SQLite runs as
 * WebAssembly (sql.js), so nothing is compiled at install. The counters are read into memory at
 * start and answered from there; changes are written to the database and the file rewritten
 * atomically (temporary file + rename) at most once per `saveDelayMs`, and on close, so a burst
 * of requests never waits on SQLite or the disk.
 */
export async function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const now = options.now ?? Date.now;
  const saveDelayMs = options.saveDelayMs ?? defaultSaveDelayMs;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "imagine.sqlite");
  const SQL = await initSqlJs();
  const db: Database = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
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
  const changedLastJob = new Set<string>();
  const changedImages = new Set<string>();

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
    changedLastJob.clear();
    changedImages.clear();
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, db.export());
    renameSync(temporary, file);
  };
  persist();

  let saveTimer: NodeJS.Timeout | undefined;
  const persistSoon = () => {
    if (saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      try {
        persist();
      } catch (error) {
        options.onSaveError?.(error);
      }
    }, saveDelayMs);
    // A pending save never keeps the process alive; close() writes what is left.
    saveTimer.unref();
  };

  let closed = false;
  return {
    lastJobAt: async (key) => lastJob.get(key),
    setLastJobAt: async (key, at) => {
      lastJob.set(key, at);
      changedLastJob.add(key);
      persistSoon();
    },
    imagesOn: async (key, day) => images.get(dayKey(day, key)) ?? 0,
    addImages: async (key, day, count) => {
      const slot = dayKey(day, key);
      images.set(slot, Math.max(0, (images.get(slot) ?? 0) + count));
      changedImages.add(slot);
      persistSoon();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearTimeout(saveTimer);
      persist();
      db.close();
    },
  };
}
