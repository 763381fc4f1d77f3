import type { WaitOptions } from "./types.ts";
import { defaultTimeoutMs, waitUntil } from "./wait-until.ts";

/** An ordered record of what happened, with a way to wait for one entry. */
export interface EventLog<T> {
  readonly entries: T[];
  record(entry: T): void;
  /** Resolves with the first entry matching `pred`, already recorded ones included. */
  waitFor(pred: (entry: T) => boolean, opts?: WaitOptions): Promise<T>;
}

/**
 * Creates an empty log. `what` names the entries in timeout messages ("call", "gateway event");
 * `describe` renders one entry on one line.
 */
export function createEventLog<T>(what: string, describe: (entry: T) => string): EventLog<T> {
  const entries: T[] = [];
  const listeners = new Set<(entry: T) => void>();
  return {
    entries,
    record(entry) {
      entries.push(entry);
      for (const listener of [...listeners]) listener(entry);
    },
    waitFor(pred, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
      return waitUntil<T>(
        (done) => {
          const seen = entries.find(pred);
          if (seen !== undefined) done(seen);
          const listener = (entry: T): void => {
            if (pred(entry)) done(entry);
          };
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        timeoutMs,
        () =>
          `fake Discord: no matching ${what} within ${timeoutMs} ms; recorded:\n` +
          (entries.length === 0
            ? "  (none)"
            : entries.map((entry, i) => `  ${i + 1}. ${truncate(describe(entry), 300)}`).join("\n")),
      );
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
