import type { ImagineError } from "../../core/errors/errors.ts";
import { describeDailyLimit } from "../../kit/describe-daily-limit.ts";

const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** The plain sentence a Discord member reads for an error; Discord's words: roles, servers. */
function describe(error: ImagineError): string {
  const { detail, retryAfterSeconds, limit } = error.context;
  switch (error.code) {
    case "invalid_request":
      return detail ?? "That request is not valid.";
    case "not_allowed_channel":
      return "Images can't be made in this channel.";
    case "not_allowed_role":
      return error.context.deniedIds
        ? "One of your roles may not make images here."
        : "You don't have a role that may make images here.";
    case "not_allowed_user":
      return "You are not allowed to make images with this bot.";
    case "not_allowed_guild":
      return "This bot is not enabled on this server.";
    case "direct_messages_disabled":
      return "Images can't be made in direct messages; ask in a channel instead.";
    case "cooldown":
      return `You can imagine again in ${retryAfterSeconds ?? 1} s.`;
    case "daily_limit":
      return describeDailyLimit({ has: "You have", reached: "You have reached your" }, error.context);
    case "workspace_daily_limit":
      return describeDailyLimit(
        { has: "This server has", reached: "This server has reached its" },
        error.context,
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

/**
 * The sentence for an error on Discord, from its code and context. Allowed channels and roles
 * are named with `<#id>` / `<@&id>`, which Discord shows as names. Every message goes out with
 * `allowed_mentions: { parse: [] }`, so a role mention here notifies nobody.
 */
export function describeForDiscord(error: ImagineError): string {
  const allowed = error.context.allowedIds ?? [];
  if (error.code === "not_allowed_channel" && allowed.length > 0) {
    return `Images are allowed in ${list(allowed.map((id) => `<#${id}>`))}.`;
  }
  if (error.code === "not_allowed_role" && allowed.length > 0) {
    return allowed.length === 1
      ? `You need the <@&${allowed[0]}> role.`
      : `You need one of these roles: ${list(allowed.map((id) => `<@&${id}>`))}.`;
  }
  return describe(error);
}
