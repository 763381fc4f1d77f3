import pino, { type DestinationStream, type Logger } from "pino";
import { prettyFactory } from "pino-pretty";
import type { LogFormat } from "../config/config.ts";

/** LOG_FORMAT when set; otherwise readable lines for a person at a terminal, JSON for collectors. */
export function chooseLogFormat(configured: LogFormat | undefined, onTerminal: boolean): LogFormat {
  return configured ?? (onTerminal ? "pretty" : "json");
}

export interface LoggerOptions {
  readonly level: string;
  /** Values that must never reach a log line (API key, tokens), wherever they hide. */
  readonly secrets: readonly string[];
  /** Default `json`. */
  readonly format?: LogFormat;
  /** Colours in `pretty` lines (for a terminal). Default false. */
  readonly colorize?: boolean;
  /** Where lines go; stdout by default. Tests pass a collector. */
  readonly destination?: DestinationStream;
}

// Field names that hold secrets anywhere in a logged object.
const secretPaths = [
  "apiKey",
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "authorization",
  "headers.authorization",
  "*.apiKey",
  "*.token",
  "*.botToken",
  "*.appToken",
  "*.signingSecret",
  "*.authorization",
  "*.headers.authorization",
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Rewrites each JSON line as a readable one before it reaches `out`. Synchronous on purpose
 * (pino-pretty's own stream is not): a line logged just before `process.exit` still shows.
 */
function prettyDestination(out: DestinationStream, colorize: boolean): DestinationStream {
  const format = prettyFactory({
    colorize,
    singleLine: true,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,service",
  });
  return { write: (line) => out.write(format(line)) };
}

/**
 * Replaces every one of `secrets` in a text with "[redacted]": what the logger does to each line,
 * for text that reaches the operator another way (the start-failure line on stderr).
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const kept = secrets.filter((secret) => secret.length >= 6);
  if (kept.length === 0) return (text) => text;
  const pattern = new RegExp(kept.map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, "[redacted]");
}

/**
 * The one pino root. Secret fields are redacted by path, and as a second line of defence every
 * written line is scrubbed of the secret values themselves (they can hide in error messages and
 * URLs, where no path reaches). In `pretty` format the scrubbed JSON line is what gets rewritten.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  const destination = options.destination ?? pino.destination(1);
  return pino(
    {
      level: options.level,
      base: { service: "imagine-bot" },
      redact: { paths: secretPaths, censor: "[redacted]" },
      hooks: { streamWrite: scrub },
    },
    options.format === "pretty" ? prettyDestination(destination, options.colorize ?? false) : destination,
  );
}
