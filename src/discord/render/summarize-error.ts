import { DiscordAPIError, HTTPError } from "discord.js";

/** Interaction tokens sit in webhook and callback URLs; they are credentials for 15 minutes. */
function redactUrl(url: string): string {
  return url.replace(/\/(webhooks\/\d+|interactions\/\d+)\/[^/?]+/, "/$1/[token]");
}

/**
 * An error as a log field. discord.js's errors carry the request body (every image uploaded)
 * and the URL (an interaction's token): a log line gets the status, code and route, never those.
 */
export function summarizeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return {
      type: error.name,
      message: error.message,
      status: error.status,
      ...(error instanceof DiscordAPIError && { code: error.code }),
      request: `${error.method.toUpperCase()} ${redactUrl(error.url)}`,
    };
  }
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
