import { clampText } from "../../kit/clamp-text.ts";

/** Slack refuses a message whose text is longer than this (`msg_too_long`). */
export const maxSlackTextLength = 40_000;

/**
 * Every text the adapter sends to Slack passes through here: cut to Slack's 40,000 characters, so
 * a long prompt or sentence arrives shortened with "…" instead of being refused and lost. (The bot
 * sends plain `text` and no blocks, so Slack's 3,000 characters per section block do not apply.)
 */
export function toSlackText(text: string): string {
  return clampText(text, maxSlackTextLength);
}
