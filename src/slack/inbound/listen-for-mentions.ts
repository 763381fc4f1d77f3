import type { App } from "@slack/bolt";
import { isDirectMessageChannel } from "./build-actor.ts";
import { claimDelivery, type ClaimKey } from "./claim-delivery.ts";
import type { AskContext } from "./ask-context.ts";
import { handleAsk } from "./handle-ask.ts";
import { readPromptText } from "./read-prompt-text.ts";

/**
 * `@imagine a lighthouse --size 1536x1024`: answered in a thread under the mention. A mention in
 * a message with an image file asks for an edit of that image.
 */
export function listenForMentions(app: App, context: AskContext, claimKey: ClaimKey): void {
  app.event("app_mention", async ({ event, body, context: bolt }) => {
    try {
      const delivery = { eventId: body.event_id, channelId: event.channel, ts: event.ts };
      if (!(await claimDelivery(claimKey, delivery))) {
        context.log.info({ ...delivery, retryNum: bolt.retryNum }, "ignored a repeated delivery");
        return;
      }
      // Other bots (and integrations) mentioning this one could start a loop; only people ask.
      if (!event.user || event.bot_id) return;
      await handleAsk(
        {
          teamId: bolt.teamId ?? body.team_id,
          userId: event.user,
          channelId: event.channel,
          isDirectMessage: isDirectMessageChannel(event.channel),
          text: readPromptText(event.text, bolt.botUserId),
          threadTs: event.thread_ts ?? event.ts,
          ...(event.thread_ts && { typedInThreadTs: event.thread_ts }),
          ...(event.files && { files: event.files }),
        },
        context,
      );
    } catch (error) {
      context.log.error({ err: error }, "app_mention listener failed");
    }
  });
}
