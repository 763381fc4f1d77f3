import type { InteractionDelivery } from "./deliver-interaction.ts";
import { blockActionsPayload, findButton, viewSubmissionPayload } from "./interactive-payloads.ts";
import type { MessageStore } from "./message-store.ts";
import type { ResponseUrls } from "./response-urls.ts";
import type { TriggerRegistry } from "./triggers.ts";
import type { ClickAction, InteractionAck, SlackIdentity, ViewSubmission } from "./types.ts";
import type { ViewStore } from "./view-store.ts";

/** A person's clicks and modal submissions, sent to the bot as Slack sends them. */
export interface Interactions {
  clickAction(click: ClickAction, timeoutMs: number): Promise<InteractionAck>;
  submitView(submission: ViewSubmission, timeoutMs: number): Promise<InteractionAck>;
}

/**
 * Creates the interactions. Both refuse, by throwing, what no person could do in Slack: click a
 * button that is not in the message, or submit a modal that is not open.
 */
export function createInteractions(deps: {
  identity: SlackIdentity;
  messages: MessageStore;
  views: ViewStore;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrls;
  delivery: InteractionDelivery;
  newTs: () => string;
}): Interactions {
  return {
    async clickAction(click, timeoutMs) {
      const { channelId, messageTs, actionId, userId } = click;
      const message = deps.messages.find(channelId, messageTs);
      if (message === undefined) {
        throw new Error(`fake Slack: no message ${channelId}/${messageTs} to click "${actionId}" in`);
      }
      const button = findButton(message, actionId);
      if (button === undefined) {
        throw new Error(
          `fake Slack: message ${channelId}/${messageTs} has no element with action_id "${actionId}"; ` +
            `its blocks: ${JSON.stringify(message.blocks ?? null)}`,
        );
      }
      const payload = blockActionsPayload(deps.identity, message, {
        userId,
        teamId: click.teamId ?? deps.identity.teamId,
        button,
        value: click.value,
        triggerId: deps.triggers.issue(userId),
        responseUrl: deps.responseUrls.mint({ channel: channelId, user: userId, messageTs }),
        actionTs: deps.newTs(),
      });
      return deps.delivery.deliver(payload, timeoutMs);
    },

    async submitView(submission, timeoutMs) {
      const selector =
        submission.viewId !== undefined
          ? { viewId: submission.viewId }
          : { callbackId: submission.callbackId ?? "" };
      const view = deps.views.findOpen(selector);
      if (view === undefined) {
        const known = deps.views
          .all()
          .map((v) => ({ id: v.id, callback_id: v.view["callback_id"], open: v.open }));
        throw new Error(
          `fake Slack: no open view with ${JSON.stringify(selector)}; views: ${JSON.stringify(known)}`,
        );
      }
      const payload = viewSubmissionPayload(deps.identity, view.view, {
        userId: submission.userId,
        teamId: submission.teamId ?? deps.identity.teamId,
        values: submission.values,
        triggerId: deps.triggers.issue(submission.userId),
      });
      const answer = await deps.delivery.deliver(payload, timeoutMs);
      // A refused HTTP request (a bad signature, say) reached no handler: the modal stays as it was.
      if (answer.status === undefined || answer.status === 200) {
        deps.views.afterSubmission(view.id, answer.ack);
      }
      return answer;
    },
  };
}
