import type { Logger } from "pino";
import { StoreUnavailableError } from "./store-unavailable-error.ts";

/**
 * SQLite's result codes for a store that cannot be used now (a full or failing disk, a file made
 * read-only or locked by another program), as opposed to a mistake in the call itself.
 */
const faultCodes =
  /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM|PROTOCOL|NOLFS)(_|$)/;

const isStoreFault = (error: unknown): error is Error & { code: string } =>
  error instanceof Error && faultCodes.test((error as { code?: unknown }).code as string);

/** One Store call: whether it writes (only a write shows that writing works again), and its work. */
export type StoreCall = <T>(kind: "read" | "write", work: () => T) => T;

/**
 * Runs the store's calls and turns SQLite's faults into `StoreUnavailableError`. The log hears of
 * them once when calls start failing and once when a write works again, however many fail in
 * between; any other error passes through unchanged.
 */
export function watchStoreFaults(file: string, log: Pick<Logger, "info" | "error">): StoreCall {
  let failing = false;
  return (kind, work) => {
    let result;
    try {
      result = work();
    } catch (error) {
      if (!isStoreFault(error)) throw error;
      if (!failing) {
        failing = true;
        log.error(
          { err: error, file },
          `could not use the store ${file} (${error.message}): requests are refused until it works again; ` +
            "make sure the disk has free space and is writable, and that no other program holds the file locked",
        );
      }
      throw new StoreUnavailableError(`the store ${file} cannot be used now`, { cause: error });
    }
    if (failing && kind === "write") {
      failing = false;
      log.info({ file }, `the store ${file} takes writes again`);
    }
    return result;
  };
}
