import type { Platform } from "../policy/actor.ts";
import type { ImagineError } from "./errors.ts";

/** The words that differ between platforms. */
const vocabulary = {
  discord: { group: "role", place: "server", lacking: "You don't have a role" },
  slack: { group: "user group", place: "workspace", lacking: "You are not in a user group" },
} as const;

const images = (count: number) => `${count} image${count === 1 ? "" : "s"}`;

/** `42 s`, `17 min`, `3 h 12 min`: how long until something changes, rounded up. */
export function formatWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** What is left today and what to ask for, or when the limit resets when nothing is left. */
function dailyLimit(who: { has: string; reached: string }, error: ImagineError): string {
  const { remaining = 0, limit = 0, retryAfterSeconds } = error.context;
  if (remaining > 0) {
    const ask = remaining === 1 ? "ask for just 1" : `ask for ${remaining} or fewer`;
    return `${who.has} ${images(remaining)} left today: ${ask}.`;
  }
  const when = retryAfterSeconds === undefined ? "" : ` (in ${formatWait(retryAfterSeconds)})`;
  return `${who.reached} daily limit of ${images(limit)}. It resets at 00:00 UTC${when}.`;
}

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
      return dailyLimit({ has: "You have", reached: "You have reached your" }, error);
    case "workspace_daily_limit":
      return dailyLimit(
        { has: `This ${words.place} has`, reached: `This ${words.place} has reached its` },
        error,
      );
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
    case "image_download_timeout":
      return "The image was made but downloading it took too long. Please try again.";
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
