import { StartupError } from "../errors/startup-error.ts";

const reasons: Readonly<Record<string, string>> = {
  ENOTDIR:
    "part of this path is a file, not a directory: point DATA_DIR at a directory (it is created if missing)",
  EEXIST: "this is a file, not a directory: point DATA_DIR at a directory (it is created if missing)",
  EISDIR: "the store file inside it is a directory: move it aside or point DATA_DIR elsewhere",
  EACCES:
    "the bot may not write here: give the user the bot runs as write access, or point DATA_DIR elsewhere",
  EPERM:
    "the bot may not write here: give the user the bot runs as write access, or point DATA_DIR elsewhere",
  EROFS: "the file system is read-only: point DATA_DIR at a writable volume",
  ENOSPC: "the disk is full: free some space or point DATA_DIR at another volume",
  EDQUOT: "the disk quota is used up: free some space or point DATA_DIR at another volume",
};

/**
 * The operator's line for a data directory the store cannot create, read or write (`ENOTDIR`,
 * `EACCES`, a full disk…), naming DATA_DIR and its value. Anything that is not a file-system
 * fault (including a StartupError the store words itself) comes back unchanged.
 */
export function explainDataDirFault(error: unknown, dataDir: string): unknown {
  if (error instanceof StartupError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  const reason =
    reasons[code] ?? `cannot use it (${code}): check that the bot can create and write files there`;
  return new StartupError(`DATA_DIR=${dataDir}: ${reason}`, { cause: error });
}
