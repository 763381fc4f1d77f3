import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../src/app/create-logger.ts";

export interface CapturedLog {
  readonly log: Logger;
  /** Every line written, as text exactly as it would reach stdout. */
  readonly lines: string[];
  /** Parsed lines. */
  records(): Array<Record<string, unknown>>;
}

/** The production logger writing into an array, so tests can read what an operator would. */
export function captureLog(secrets: readonly string[] = [], level = "debug"): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      callback();
    },
  });
  const log = createLogger({ level, secrets, destination });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
