import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Database, SqlJsStatic } from "sql.js";
import { StartupError } from "../errors/startup-error.ts";

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Reads the store's SQLite file into memory. No file, or an empty one (a disk that filled up
 * before the first save leaves one), gives a fresh database; a damaged file stops the start with
 * one line saying what to do. The file is only read here: whatever it holds stays for the operator.
 */
export function openDatabaseFile(SQL: SqlJsStatic, file: string, log: Pick<Logger, "warn">): Database {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if (isMissing(error)) return new SQL.Database();
    throw error;
  }
  if (bytes.length === 0) {
    log.warn({ file }, `${file} is empty (0 bytes): starting with fresh cooldowns and daily counts`);
    return new SQL.Database();
  }
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    // SQLite reads pages lazily: only a check that walks them finds damage past the header.
    const result = db.exec("PRAGMA quick_check")[0]?.values[0]?.[0];
    if (result !== "ok") throw new Error("database disk image is malformed");
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `The store file ${file} is damaged (${reason}): move it aside (for example to ${file}.damaged) ` +
        "to start afresh with empty cooldowns and daily counts, or put back a backup of it.",
      { cause: error },
    );
  }
}
