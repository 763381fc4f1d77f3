import type { RecordedCall, WaitOptions } from "./types.ts";
import { defaultTimeoutMs, waitUntil } from "./wait-until.ts";

/** The ordered record of requests, with a way to wait for one. */
export interface CallLog {
  readonly calls: RecordedCall[];
  record(call: RecordedCall): void;
  waitFor(pred: (c: RecordedCall) => boolean, opts?: WaitOptions): Promise<RecordedCall>;
}

/** Creates an empty call log. */
export function createCallLog(): CallLog {
  const calls: RecordedCall[] = [];
  const listeners = new Set<(c: RecordedCall) => void>();
  return {
    calls,
    record(call) {
      calls.push(call);
      for (const listener of [...listeners]) listener(call);
    },
    waitFor(pred, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
      return waitUntil<RecordedCall>(
        (done) => {
          const seen = calls.find(pred);
          if (seen !== undefined) done(seen);
          const listener = (c: RecordedCall): void => {
            if (pred(c)) done(c);
          };
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        timeoutMs,
        () => `fake Slack: no matching call within ${timeoutMs} ms; recorded:\n${describeCalls(calls)}`,
      );
    },
  };
}

/** One line per call, for timeout messages. */
export function describeCalls(calls: readonly RecordedCall[]): string {
  if (calls.length === 0) return "  (none)";
  return calls
    .map((c, i) => `  ${i + 1}. ${c.method} ${c.status} ${truncate(JSON.stringify(c.args), 200)}`)
    .join("\n");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
