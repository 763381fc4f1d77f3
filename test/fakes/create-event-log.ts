import { defaultTimeoutMs, waitUntil, type WaitOptions } from "../support/wait-until.ts";

/** An ordered record of what a fake received, with ways to wait for it. */
export interface EventLog<T> {
  readonly entries: T[];
  record(entry: T): void;
  /** Resolves with the first entry matching `pred`, already recorded ones included. */
  waitFor(pred: (entry: T) => boolean, opts?: WaitOptions): Promise<T>;
  /**
   * Resolves once `check()` holds, checking now and again after each entry is recorded (a fake
   * records a request once it has acted on it). `what` names the awaited state in the timeout
   * message: "fake Slack: still not <what> within 10000 ms; recorded: …".
   */
  waitUntil(check: () => boolean, what: string, opts?: WaitOptions): Promise<void>;
}

/** Names that make a timeout message readable. */
export interface EventLogNames<T> {
  /** The fake, e.g. "fake Slack". */
  readonly fake: string;
  /** What an entry is, e.g. "call", "gateway event". */
  readonly entry: string;
  /** One entry on one line. */
  readonly describe: (entry: T) => string;
}

/** Creates an empty log. */
export function createEventLog<T>(names: EventLogNames<T>): EventLog<T> {
  const entries: T[] = [];
  const listeners = new Set<(entry: T) => void>();

  function wait<R>(
    seen: () => R | undefined,
    onEntry: (entry: T) => R | undefined,
    missing: string,
    opts: WaitOptions,
  ): Promise<R> {
    const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
    return waitUntil<R>(
      (done) => {
        const already = seen();
        if (already !== undefined) done(already);
        const listener = (entry: T): void => {
          const found = onEntry(entry);
          if (found !== undefined) done(found);
        };
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      timeoutMs,
      () => `${names.fake}: ${missing} within ${timeoutMs} ms; recorded:\n${list()}`,
    );
  }

  function list(): string {
    if (entries.length === 0) return "  (none)";
    return entries.map((entry, i) => `  ${i + 1}. ${truncate(names.describe(entry), 300)}`).join("\n");
  }

  return {
    entries,
    record(entry) {
      entries.push(entry);
      for (const listener of [...listeners]) listener(entry);
    },
    waitFor(pred, opts = {}) {
      return wait(
        () => entries.find(pred),
        (entry) => (pred(entry) ? entry : undefined),
        `no matching ${names.entry}`,
        opts,
      );
    },
    waitUntil(check, what, opts = {}) {
      const holds = () => (check() ? true : undefined);
      return wait(holds, holds, `still not ${what}`, opts).then(() => undefined);
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
