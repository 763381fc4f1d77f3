import { StartupError } from "../errors/startup-error.ts";

const notWritable =
  "the bot may not write here: give the user the bot runs as write access, or point DATA_DIR elsewhere";
const full = "the disk is full: free some space or point DATA_DIR at another volume";

/** The file system's errno codes, as Node reports them. */
const fileSystemReasons: Readonly<Record<string, string>> = {
  ENOTDIR:
    "part of this path is a file, not a directory: point DATA_DIR at a directory (it is created if missing)",
  EEXIST: "this is a file, not a directory: point DATA_DIR at a directory (it is created if missing)",
  EISDIR: "the store file inside it is a directory: move it aside or point DATA_DIR elsewhere",
  EACCES: notWritable,
  EPERM: notWritable,
  EROFS: "the file system is read-only: point DATA_DIR at a writable volume",
  ENOSPC: full,
  EDQUOT: "the disk quota is used up: free some space or point DATA_DIR at another volume",
};

/** SQLite's primary result codes, met while the store sets its file up. */
const sqliteReasons: Readonly<Record<string, string>> = {
  SQLITE_FULL: full,
  SQLITE_CANTOPEN: notWritable,
  SQLITE_PERM: notWritable,
  SQLITE_READONLY: "the store file cannot be written: point DATA_DIR at a writable volume",
  SQLITE_BUSY:
    "another program holds the store file locked: stop it (another copy of the bot still starting?) and start again",
  SQLITE_IOERR:
    "the disk failed to read or write the store file: check the volume, or point DATA_DIR elsewhere",
};

/** The operator's reason for an error code, or undefined for a code that is not the directory's fault. */
function reasonFor(code: string): string | undefined {
  if (/^E[A-Z]+$/.test(code)) {
    return (
      fileSystemReasons[code] ??
      `cannot use it (${code}): check that the bot can create and write files there`
    );
  }
  // SQLite's extended codes (SQLITE_IOERR_WRITE) share the reason of their primary code.
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  return primary === undefined ? undefined : sqliteReasons[primary];
}

/**
 * The operator's line for a data directory the store cannot create, read or write (`ENOTDIR`,
 * `EACCES`, a full disk, a file locked by another program…), naming DATA_DIR and its value.
 * Anything else (including a StartupError the store words itself) comes back unchanged.
 */
export function explainDataDirFault(error: unknown, dataDir: string): unknown {
  if (error instanceof StartupError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = typeof code === "string" ? reasonFor(code) : undefined;
  if (reason === undefined) return error;
  return new StartupError(`DATA_DIR=${dataDir}: ${reason}`, { cause: error });
}
