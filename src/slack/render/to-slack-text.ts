import { clampText } from "../../kit/clamp-text.ts";

/** Slack refuses a message whose text is longer than this (`msg_too_long`). */
export const maxSlackTextLength = 40_000;

/**
 * Every text the adapter sends to Slack passes through here: cut to Slack's 40,000 characters, so
 * a long prompt or sentence arrives shortened with "…" instead of being refused and lost. (The
 * only blocks the bot sends are a last word's, whose section `job-blocks.ts` cuts to Slack's 3,000.)
 */
export function toSlackText(text: string): string {
  return clampText(text, maxSlackTextLength);
}
