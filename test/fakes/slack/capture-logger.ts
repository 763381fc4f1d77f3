import { LogLevel } from "@slack/bolt";
import type { Logger } from "@slack/bolt";

/** One captured log call. */
export interface CapturedLine {
  level: LogLevel;
  message: string;
}

/** A Bolt/WebClient `Logger` that keeps lines in memory instead of printing them. */
export interface CaptureLogger extends Logger {
  readonly lines: CapturedLine[];
}

/**
 * Creates a logger for `new App({ logger })` so test output stays quiet while assertions (and
 * failure messages) can still read what Bolt said. Default level: info. Bolt calls `setLevel`
 * with its own `logLevel` option (default info), which overrides `level`.
 */
export function createCaptureLogger(level: LogLevel = LogLevel.INFO): CaptureLogger {
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let current = level;
  const lines: CapturedLine[] = [];
  const at =
    (lineLevel: LogLevel) =>
    (...msg: unknown[]): void => {
      if (order.indexOf(lineLevel) < order.indexOf(current)) return;
      lines.push({
        level: lineLevel,
        message: msg.map((m) => (typeof m === "string" ? m : String(m))).join(" "),
      });
    };
  return {
    lines,
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}
