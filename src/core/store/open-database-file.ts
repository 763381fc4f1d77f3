import { closeSync, openSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import type { Logger } from "pino";
import { StartupError } from "../errors/startup-error.ts";

/** The file's size, or undefined when there is none yet. */
function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Damage as SQLite reports it, on opening or when its check walks the pages. */
const isDamage = (error: unknown) =>
  /^SQLITE_(NOTADB|CORRUPT)/.test(String((error as { code?: unknown }).code));

/** Why the database is damaged, or undefined when it is sound; any other error is thrown. */
function findDamage(db: Database.Database): string | undefined {
  try {
    // SQLite reads pages lazily: only a check that walks them finds damage past the header.
    return db.pragma("quick_check", { simple: true }) === "ok"
      ? undefined
      : "database disk image is malformed";
  } catch (error) {
    if (isDamage(error)) return (error as Error).message;
    throw error;
  }
}

/**
 * Opens the store's SQLite file, creating it when missing. An empty file (a disk that filled up
 * before the first write leaves one) is a fresh database, with a warning. A damaged file stops
 * the start with one line saying what to do; only read before that, it stays as the operator had it.
 *
 * @throws StartupError for a damaged file; the file system's own error (EISDIR, EACCES…) when the
 * file cannot be opened for writing, for `explainDataDirFault` to word.
 */
export function openDatabaseFile(file: string, log: Pick<Logger, "warn">): Database.Database {
  const size = sizeOf(file);
  // Node's own open first: its errno says why better than SQLite's "unable to open database file".
  closeSync(openSync(file, "a"));
  if (size === 0) {
    log.warn({ file }, `${file} is empty (0 bytes): starting with fresh cooldowns, daily counts and jobs`);
  }
  const db = new Database(file);
  let damage: string | undefined;
  try {
    damage = findDamage(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (damage === undefined) return db;
  db.close();
  throw new StartupError(
    `The store file ${file} is damaged (${damage}): move it aside (for example to ${file}.damaged) ` +
      "to start afresh with empty cooldowns, daily counts and jobs, or put back a backup of it.",
  );
}
