import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import { hasOutlivedToken } from "./interaction-expiry.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { readMessageInput } from "./message-input.ts";
import type { StoredMessage } from "./message-store.ts";
import { toApiMessage } from "./render-message.ts";
import { json, type Outcome, type Route, type RouteRequest } from "./rest-types.ts";

/**
 * The interaction webhook: follow-ups (`POST /webhooks/{app}/{token}`) and the original response
 * and follow-ups by id (`GET|PATCH|DELETE /webhooks/{app}/{token}/messages/{id|@original}`).
 * They need no bot token: the interaction token is the credential.
 */
export function webhookRoutes(state: FakeState): Route[] {
  const render = (message: StoredMessage) => json(toApiMessage(message, state.botUser, state.origin));
  const messageRoute = (
    method: string,
    handle: (req: RouteRequest, m: Found) => ReturnType<Route["handle"]>,
  ) => ({
    method,
    pattern: "/webhooks/:applicationId/:token/messages/:messageId",
    name: "webhookMessage",
    auth: false,
    handle(req: RouteRequest) {
      const found = findMessage(state, req);
      return found.ok ? handle(req, found.value) : found.reply;
    },
  });
  return [
    {
      method: "POST",
      pattern: "/webhooks/:applicationId/:token",
      name: "webhook",
      auth: false,
      handle(req) {
        const interaction = findInteraction(state, req);
        if (!interaction.ok) return interaction.reply;
        // A follow-up needs an acknowledged interaction.
        if (interaction.value.callbackType === undefined) return discordErrors.unknownWebhook();
        const input = readMessageInput(req.json);
        if (!input.ok) return input.reply;
        const created = state.messages.create(
          {
            channelId: interaction.value.channelId,
            type: 20,
            webhookId: state.applicationId,
            ephemeralAllowed: true,
          },
          input.value,
          req.files,
          interaction.value.attachmentSizeLimit,
        );
        if (!created.ok) return created.reply;
        interaction.value.followupIds.push(created.value.id);
        return render(created.value);
      },
    },
    messageRoute("GET", (_req, { message }) => render(message)),
    messageRoute("PATCH", (req, { message, interaction }) => {
      const input = readMessageInput(req.json);
      if (!input.ok) return input.reply;
      const edited = state.messages.edit(message, input.value, req.files, interaction.attachmentSizeLimit);
      return edited.ok ? render(edited.value) : edited.reply;
    }),
    messageRoute("DELETE", (_req, { message }) => {
      state.messages.remove(message.id);
      return { status: 204 };
    }),
  ];
}

interface Found {
  interaction: InteractionRecord;
  message: StoredMessage;
}

/**
 * The live interaction a webhook URL names. A foreign token, or one the test made stale, is an
 * unknown webhook; one past its 15 minutes is an invalid webhook token, as Discord answers it.
 */
function findInteraction(state: FakeState, req: RouteRequest): Outcome<InteractionRecord> {
  const interaction = state.interactions.byToken(req.params.token ?? "");
  if (req.params.applicationId !== state.applicationId || interaction === undefined || interaction.expired) {
    return { ok: false, reply: discordErrors.unknownWebhook() };
  }
  if (hasOutlivedToken(interaction, state.now()))
    return { ok: false, reply: discordErrors.invalidWebhookToken() };
  return { ok: true, value: interaction };
}

/** The interaction's message a webhook URL names (`@original` or a follow-up id). */
function findMessage(state: FakeState, req: RouteRequest): Outcome<Found> {
  const interaction = findInteraction(state, req);
  if (!interaction.ok) return interaction;
  const { originalMessageId, followupIds } = interaction.value;
  const requested = req.params.messageId;
  const id =
    requested === "@original"
      ? originalMessageId
      : requested === originalMessageId || followupIds.includes(requested ?? "")
        ? requested
        : undefined;
  const message = id === undefined ? undefined : state.messages.get(id);
  if (message === undefined) return { ok: false, reply: discordErrors.unknownMessage() };
  return { ok: true, value: { interaction: interaction.value, message } };
}
