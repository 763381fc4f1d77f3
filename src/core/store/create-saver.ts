import type { Logger } from "pino";

export interface SaverOptions {
  /** Writes what is not on disk yet; throws when the disk refuses. */
  readonly save: () => void;
  /** What is still unsaved, worded for the log ("1 cooldown and 2 daily image counts changed since …"). */
  readonly describeUnsaved: () => string;
  /** The file saved to, named in the log lines. */
  readonly file: string;
  /** Longest a change waits before it is saved. */
  readonly delayMs: number;
  /** Cap of the doubling wait between retries while the disk refuses. */
  readonly maxRetryDelayMs: number;
  readonly log: Pick<Logger, "info" | "error">;
}

export interface Saver {
  /** Something changed: save it within `delayMs`, or at the next retry while saves fail. */
  soon(): void;
  /** The last save, on close: a failure is logged with what it leaves unsaved, never thrown. */
  flush(): void;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Saves in the background at most once per `delayMs`, and keeps retrying with a growing wait
 * when the disk refuses (read-only, full, directory gone), so the counts reach the file once it
 * is usable again. The log hears of a failure once when saves start failing and once when they
 * work again, not at every retry.
 */
export function createSaver(options: SaverOptions): Saver {
  const { file, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  let retryDelayMs = options.delayMs;

  const recovered = () => {
    if (!failing) return;
    failing = false;
    log.info({ file }, `saving to ${file} works again: every count made meanwhile is saved`);
  };

  const attempt = (): boolean => {
    try {
      options.save();
    } catch (error) {
      if (!failing) {
        failing = true;
        log.error(
          { err: error, file },
          `could not save to ${file} (${reasonOf(error)}): the bot keeps counting in memory and retries; ` +
            "make sure the directory exists, is writable and has free space",
        );
      }
      return false;
    }
    recovered();
    return true;
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      timer = undefined;
      if (attempt()) {
        retryDelayMs = options.delayMs;
        return;
      }
      retryDelayMs = Math.min(retryDelayMs * 2, options.maxRetryDelayMs);
      schedule(retryDelayMs);
    }, delayMs);
    // A pending save never keeps the process alive; flush() writes what is left.
    timer.unref();
  };

  return {
    soon() {
      if (!timer) schedule(options.delayMs);
    },
    flush() {
      clearTimeout(timer);
      timer = undefined;
      try {
        options.save();
      } catch (error) {
        log.error(
          { err: error, file },
          `could not save to ${file} on shutdown (${reasonOf(error)}): lost ${options.describeUnsaved()}`,
        );
        return;
      }
      recovered();
    },
  };
}
