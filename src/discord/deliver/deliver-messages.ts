import { DiscordAPIError } from "discord.js";
import type { Logger } from "pino";
import type { DiscordPayload } from "../render/render-view.ts";
import { summarizeError } from "../render/summarize-error.ts";

/** Where the result can go: the interaction's reply and follow-ups, else the channel. */
export interface DeliveryRoutes {
  /** Makes the reply show this (the last edit of it). */
  editReply(payload: DiscordPayload): Promise<void>;
  /** Adds a message under the reply. */
  followUp(payload: DiscordPayload): Promise<void>;
  /** Posts a channel message to the person; `first` says whether it is the first one so posted. */
  postToChannel(payload: DiscordPayload, first: boolean): Promise<void>;
}

/** The reply can't be used: its token is about to expire, or the deferral failed. */
export class ReplyUnavailableError extends Error {
  constructor(reason: string) {
    super(`the interaction reply can't be used: ${reason}`);
    this.name = "ReplyUnavailableError";
  }
}

/** Discord's answers when an interaction token is gone: Unknown Webhook, Unknown interaction, Invalid Webhook Token. */
const deadTokenCodes: ReadonlySet<number> = new Set([10015, 10062, 50027]);

/** Whether an error means the reply is out of reach for good (rather than a failure worth logging loudly). */
export function isReplyGone(error: unknown): boolean {
  return (
    error instanceof ReplyUnavailableError ||
    (error instanceof DiscordAPIError && deadTokenCodes.has(Number(error.code)))
  );
}

/**
 * Sends the result's messages through the reply (the first edits it, the others follow up), and
 * whatever could not go that way as channel messages to the person, so nothing is lost and nothing
 * is posted twice.
 */
export async function deliverMessages(
  messages: readonly DiscordPayload[],
  routes: DeliveryRoutes,
  log: Logger,
): Promise<void> {
  let sent = 0;
  try {
    for (const message of messages) {
      await (sent === 0 ? routes.editReply(message) : routes.followUp(message));
      sent++;
    }
    return;
  } catch (error) {
    const level = isReplyGone(error) ? "info" : "warn";
    log[level](
      { error: summarizeError(error) },
      "the reply can't be used; posting the result in the channel",
    );
  }
  for (const [index, message] of messages.slice(sent).entries()) {
    await routes.postToChannel(message, index === 0);
  }
}
