import type { App } from "@slack/bolt";
import { claimDelivery, type ClaimKey } from "./claim-delivery.ts";
import type { AskContext } from "./ask-context.ts";
import { handleAsk } from "./handle-ask.ts";
import { readPromptText } from "./read-prompt-text.ts";

/**
 * A message in the bot's direct messages (`message.im`) is a prompt, and one with an image file
 * asks for an edit of it. Whether DMs are allowed is the policy's decision (SLACK_ALLOW_DMS): the
 * adapter passes them on as direct messages.
 */
export function listenForDirectMessages(app: App, context: AskContext, claimKey: ClaimKey): void {
  app.event("message", async ({ event, body, context: bolt }) => {
    try {
      // Edits, deletions, joins and bot posts (the bot's own replies included) are not prompts;
      // a message with a file the person shared (`file_share`) is: an edit of that image. The
      // bot's own uploads are file shares too, and must never become edits of themselves.
      if (event.subtype !== undefined && event.subtype !== "file_share") return;
      if (event.channel_type !== "im" || ("bot_id" in event && event.bot_id)) return;
      if (event.user === bolt.botUserId) return;
      const delivery = { eventId: body.event_id, channelId: event.channel, ts: event.ts };
      if (!(await claimDelivery(claimKey, delivery))) {
        context.log.info({ ...delivery, retryNum: bolt.retryNum }, "ignored a repeated delivery");
        return;
      }
      await handleAsk(
        {
          teamId: bolt.teamId ?? body.team_id,
          userId: event.user,
          channelId: event.channel,
          isDirectMessage: true,
          text: readPromptText(event.text ?? "", bolt.botUserId),
          threadTs: event.thread_ts ?? event.ts,
          ...(event.thread_ts && { typedInThreadTs: event.thread_ts }),
          ...(event.files && { files: event.files }),
        },
        context,
      );
    } catch (error) {
      context.log.error({ err: error }, "message listener failed");
    }
  });
}
