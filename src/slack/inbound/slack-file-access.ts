import type { InputImageAccess } from "../../core/requests/input-image.ts";

/** Where Slack serves the files people share (`url_private`). */
export const slackFileHost = "files.slack.com";

/**
 * How the bot may download a file shared on Slack: from Slack's file host only, with its bot
 * token, which `url_private` requires. Given with every submission and follow-up; the core keeps
 * it in memory and never logs it.
 */
export function slackFileAccess(botToken: string): InputImageAccess {
  return { hosts: [slackFileHost], headers: { Authorization: `Bearer ${botToken}` } };
}
