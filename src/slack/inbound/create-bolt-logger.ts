import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "pino";

const boltLevels: Readonly<Record<string, LogLevel>> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

function describePart(part: unknown): string {
  if (typeof part === "string") return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

/**
 * Bolt's, the WebClient's and the Socket Mode client's logging, written through our pino logger
 * (whose redaction scrubs tokens). Bolt's `debug` is one line per envelope and HTTP call, so it
 * goes to pino's `trace`. The level is pino's: Bolt's `setLevel` is ignored.
 */
export function createBoltLogger(log: Logger): BoltLogger {
  const write =
    (level: "trace" | "info" | "warn" | "error") =>
    (...parts: unknown[]): void => {
      const err = parts.find((part) => part instanceof Error);
      const message = parts
        .filter((part) => part !== err)
        .map(describePart)
        .join(" ");
      if (err) log[level]({ err }, message);
      else log[level](message);
    };
  return {
    debug: write("trace"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => undefined,
    getLevel: () => boltLevels[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
