import pino, { type DestinationStream, type Logger } from "pino";

export interface LoggerOptions {
  readonly level: string;
  /** Values that must never reach a log line (API key, tokens), wherever they hide. */
  readonly secrets: readonly string[];
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
 * The one pino root. Secret fields are redacted by path, and as a second line of defence every
 * written line is scrubbed of the secret values themselves (they can hide in error messages and
 * URLs, where no path reaches).
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length >= 6);
  const pattern = secrets.length > 0 ? new RegExp(secrets.map(escapeRegExp).join("|"), "g") : undefined;
  return pino(
    {
      level: options.level,
      base: { service: "imagine-bot" },
      redact: { paths: secretPaths, censor: "[redacted]" },
      hooks: pattern ? { streamWrite: (line) => line.replace(pattern, "[redacted]") } : {},
    },
    options.destination ?? pino.destination(1),
  );
}
