import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import initSqlJs, { type Database } from "sql.js";
import type { Store } from "./store.ts";

const schema = `
  CREATE TABLE IF NOT EXISTS last_job (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS daily_images (
    day TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, key)
  );
`;

/** Days of counters kept; older ones are dropped at start. */
const keepDays = 3;

/**
 * The embedded default Store: an SQLite database file under the data directory. SQLite runs as
 * WebAssembly (sql.js), so nothing is compiled at install; the file is rewritten atomically
 * (temporary file + rename) after each change, which suits a few small counters per job.
 */
export async function createSqliteStore(dataDir: string, now = Date.now): Promise<Store> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "imagine.sqlite");
  const SQL = await initSqlJs();
  const db: Database = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
  db.run(schema);
  const oldest = new Date(now() - keepDays * 86_400_000).toISOString().slice(0, 10);
  db.run("DELETE FROM daily_images WHERE day < ?", [oldest]);

  const persist = () => {
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, db.export());
    renameSync(temporary, file);
  };
  persist();

  const single = (sql: string, params: Array<string | number>): number | undefined => {
    const statement = db.prepare(sql);
    try {
      statement.bind(params);
      return statement.step() ? (statement.get()[0] as number) : undefined;
    } finally {
      statement.free();
    }
  };

  let closed = false;
  return {
    lastJobAt: async (key) => single("SELECT at FROM last_job WHERE key = ?", [key]),
    setLastJobAt: async (key, at) => {
      db.run("INSERT INTO last_job (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at", [
        key,
        at,
      ]);
      persist();
    },
    imagesOn: async (key, day) =>
      single("SELECT count FROM daily_images WHERE day = ? AND key = ?", [day, key]) ?? 0,
    addImages: async (key, day, count) => {
      db.run("INSERT OR IGNORE INTO daily_images (day, key, count) VALUES (?, ?, 0)", [day, key]);
      db.run("UPDATE daily_images SET count = MAX(0, count + ?) WHERE day = ? AND key = ?", [
        count,
        day,
        key,
      ]);
      persist();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      persist();
      db.close();
    },
  };
}
