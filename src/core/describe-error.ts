import type { Platform } from "./actor.ts";
import type { ImagineError } from "./errors.ts";

/** The words that differ between platforms. */
const vocabulary = {
  discord: { group: "role", place: "server", lacking: "You don't have a role" },
  slack: { group: "user group", place: "workspace", lacking: "You are not in a user group" },
} as const;

/**
 * The plain sentence a person reads for an error. Renderers may decorate it (mention a channel
 * by its platform's syntax) but the wording lives here, once.
 */
export function describeError(error: ImagineError, platform: Platform = "discord"): string {
  const { detail, retryAfterSeconds, limit } = error.context;
  const words = vocabulary[platform];
  switch (error.code) {
    case "invalid_request":
      return detail ?? "That request is not valid.";
    case "not_allowed_channel":
      return "Images can't be made in this channel.";
    case "not_allowed_role":
      return error.context.deniedIds
        ? `One of your ${words.group}s may not make images here.`
        : `${words.lacking} that may make images here.`;
    case "not_allowed_user":
      return "You are not allowed to make images with this bot.";
    case "not_allowed_guild":
      return `This bot is not enabled on this ${words.place}.`;
    case "direct_messages_disabled":
      return "Images can't be made in direct messages; ask in a channel instead.";
    case "cooldown":
      return `You can imagine again in ${retryAfterSeconds ?? 1} s.`;
    case "daily_limit":
      return `Daily limit of ${limit ?? 0} images reached; resets at 00:00 UTC.`;
    case "workspace_daily_limit":
      return `This ${words.place}'s daily limit of ${limit ?? 0} images is reached; it resets at 00:00 UTC.`;
    case "queue_full":
      return `You already have ${limit ?? 0} images waiting; try again when one is done.`;
    case "content_policy":
      return "The image service refused this prompt under its content policy. Try rewording it.";
    case "upstream_bad_request":
      return "The image service rejected the request" + (detail ? `: ${detail}` : ".");
    case "upstream_auth":
      return "The image service refused the bot's key. The bot's operator needs to check it.";
    case "insufficient_quota":
      return "The bot's image balance is used up. The bot's operator needs to top it up.";
    case "rate_limited":
      return "The image service is busy right now. Please try again in a minute.";
    case "upstream_unavailable":
      return "The image service is unavailable right now. Please try again later.";
    case "no_image":
      return "The image service returned no image; the prompt may have been filtered. Try rewording it.";
    case "image_unavailable":
      return "The image was made but could not be downloaded. Please try again.";
    case "timeout":
      return "The image took too long to make and was given up. Please try again.";
    case "cancelled":
      return "The request was cancelled.";
    case "shutting_down":
      return "The bot is restarting; please try again in a minute.";
    case "delivery_failed":
      return "The image was made but could not be posted here" + (detail ? `: ${detail}` : ".");
    case "internal":
      return "Something went wrong on the bot's side. Please try again.";
  }
}
