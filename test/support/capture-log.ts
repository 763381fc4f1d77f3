import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../src/app/create-logger.ts";
import { defaultTimeoutMs, waitUntil } from "./wait-until.ts";

type LogRecord = Record<string, unknown>;

export interface CapturedLog {
  readonly log: Logger;
  /** Every line written, as text exactly as it would reach stdout. */
  readonly lines: string[];
  /** Parsed lines. */
  records(): LogRecord[];
  /** Resolves with the first record (written already, or later) for which `pred` holds. */
  waitForRecord(pred: (record: LogRecord) => boolean, timeoutMs?: number): Promise<LogRecord>;
}

/** The production logger writing into an array, so tests can read what an operator would. */
export function captureLog(secrets: readonly string[] = [], level = "debug"): CapturedLog {
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      for (const listener of listeners) listener();
      callback();
    },
  });
  const log = createLogger({ level, secrets, destination });
  const records = () => lines.map((line) => JSON.parse(line) as LogRecord);
  return {
    log,
    lines,
    records,
    waitForRecord: (pred, timeoutMs = defaultTimeoutMs) =>
      waitUntil<LogRecord>(
        (done) => {
          const check = () => {
            const found = records().find(pred);
            if (found) done(found);
          };
          listeners.add(check);
          check();
          return () => listeners.delete(check);
        },
        timeoutMs,
        () => `no log record matched ${String(pred)}; the log:\n${lines.join("\n")}`,
      ),
  };
}
