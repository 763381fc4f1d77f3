import type { Logger } from "pino";
import { StoreUnavailableError } from "../store-unavailable-error.ts";

/**
 * Redis's answers that mean "not now" rather than "wrong call": loading its data, busy with a
 * script, a read-only replica, out of memory, unable to save, asking for a password.
 */
const unavailableReplies = /^(LOADING|BUSY|READONLY|MASTERDOWN|OOM|MISCONF|TRYAGAIN|NOREPLICAS|NOAUTH)\b/;

/** Mistakes in the code, which must surface as they are. */
const programmingErrors = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * Whether an error of a Redis call means Redis cannot be used now. Every error the client raises
 * itself is one (the connection is down or closed, a command timed out, the call was cut off by
 * a lost connection); of Redis's own answers only those above are.
 */
function isRedisFault(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error.name === "ReplyError") return unavailableReplies.test(error.message);
  return !programmingErrors.some((kind) => error instanceof kind);
}

/** Runs one store call: Redis's faults become StoreUnavailableError, anything else passes. */
export type RedisCall = <T>(work: () => Promise<T>) => Promise<T>;

/** How the store reports Redis's faults: through its calls, and from the connection itself. */
export interface RedisFaults {
  readonly call: RedisCall;
  /** The connection failed (told by the client, even with no call waiting). */
  failed(error: unknown): void;
  /** The connection is up and Redis answers again. */
  worked(): void;
}

/**
 * Watches Redis's faults. The log hears once when Redis stops answering and once when it answers
 * again, however many calls fail in between; `where` names it (host and port, never the URL,
 * which may hold a password).
 */
export function watchRedisFaults(
  where: string,
  log: Pick<Logger, "info" | "error">,
  isClosed: () => boolean,
): RedisFaults {
  let failing = false;
  const failed = (error: unknown) => {
    if (failing || isClosed()) return;
    failing = true;
    log.error(
      { err: error, redis: where },
      `could not use Redis at ${where} (${error instanceof Error ? error.message : String(error)}): ` +
        "requests are refused until it answers again; make sure it runs and is reachable",
    );
  };
  const worked = () => {
    if (!failing) return;
    failing = false;
    log.info({ redis: where }, `Redis at ${where} answers again`);
  };
  return {
    failed,
    worked,
    async call(work) {
      // After close the client is gone: a late call (a refund after shutdown) is refused quietly.
      if (isClosed()) throw new StoreUnavailableError("the Redis store is closed");
      try {
        const result = await work();
        worked();
        return result;
      } catch (error) {
        if (!isRedisFault(error)) throw error;
        if (isClosed()) throw new StoreUnavailableError("the Redis store is closed", { cause: error });
        failed(error);
        throw new StoreUnavailableError(`Redis at ${where} cannot be used now`, { cause: error });
      }
    },
  };
}
