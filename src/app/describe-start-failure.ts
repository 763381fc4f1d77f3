import { ConfigError } from "../config/config.ts";
import { StartupError } from "../core/errors/startup-error.ts";

/**
 * What the operator reads on stderr when the bot cannot start: "imagine-bot cannot start:" and one
 * line per problem, never a stack (the entry point logs that at debug level).
 */
export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) {
    return `imagine-bot cannot start:\n${error.problems.map((line) => `  ${line}\n`).join("")}`;
  }
  if (error instanceof StartupError) return `imagine-bot cannot start: ${error.message}\n`;
  // Not foreseen, so no advice to give: the message, and where to find more.
  const message = error instanceof Error ? error.message : String(error);
  return `imagine-bot cannot start: ${message} (LOG_LEVEL=debug logs the details)\n`;
}
