import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { isRecord } from "./is-record.ts";
import { readMessageInput } from "./message-input.ts";
import { messageFlags, type StoredMessage } from "./message-store.ts";
import { toApiMessage } from "./render-message.ts";
import { json, type Outcome, type Route, type RouteReply, type RouteRequest } from "./rest-types.ts";

/** Interaction callback types (Discord's InteractionResponseType). */
const callback = {
  channelMessage: 4,
  deferredChannelMessage: 5,
  deferredUpdate: 6,
  updateMessage: 7,
  autocompleteResult: 8,
  modal: 9,
};

/** `POST /interactions/{id}/{token}/callback`: the first answer to an interaction. */
export function interactionCallbackRoute(state: FakeState): Route {
  return {
    method: "POST",
    pattern: "/interactions/:interactionId/:token/callback",
    name: "interactionCallback",
    auth: false,
    handle(req) {
      const interaction = state.interactions.byToken(req.params.token ?? "");
      if (interaction === undefined || interaction.id !== req.params.interactionId || interaction.expired) {
        return discordErrors.unknownInteraction();
      }
      if (interaction.callbackType !== undefined) return discordErrors.alreadyAcknowledged();
      const body = isRecord(req.json) ? req.json : {};
      const type = typeof body.type === "number" ? body.type : -1;
      const allowed =
        interaction.type === 4
          ? [callback.autocompleteResult]
          : [
              callback.channelMessage,
              callback.deferredChannelMessage,
              callback.deferredUpdate,
              callback.updateMessage,
              callback.modal,
            ];
      if (!allowed.includes(type)) {
        return discordErrors.invalidFormBody(
          "type",
          "BASE_TYPE_CHOICES",
          `Value must be one of ${allowed.join(", ")}.`,
        );
      }
      const original = createOriginal(state, interaction, type, body.data, req);
      if (!original.ok) return original.reply;
      interaction.callbackType = type;
      if (original.value !== undefined) interaction.originalMessageId = original.value.id;
      return req.query.get("with_response") === "true"
        ? withResponse(state, interaction, type, original.value)
        : { status: 204 };
    },
  };
}

/** The `@original` message a callback of `type` makes, if it makes one. */
function createOriginal(
  state: FakeState,
  interaction: InteractionRecord,
  type: number,
  data: unknown,
  req: RouteRequest,
): Outcome<StoredMessage | undefined> {
  if (type !== callback.channelMessage && type !== callback.deferredChannelMessage)
    return { ok: true, value: undefined };
  const input = readMessageInput(data);
  if (!input.ok) return input;
  const deferred = type === callback.deferredChannelMessage;
  return state.messages.create(
    {
      channelId: interaction.channelId,
      type: 20,
      // A deferred reply is an empty "thinking…" placeholder; only the ephemeral flag carries over.
      flags: deferred ? messageFlags.loading | ((input.value.flags ?? 0) & messageFlags.ephemeral) : 0,
      webhookId: state.applicationId,
      interaction: {
        id: interaction.id,
        type: 2,
        user: interaction.user,
        authorizing_integration_owners: { "0": interaction.guildId ?? "0" },
      },
      allowEmpty: deferred,
    },
    deferred ? {} : input.value,
    deferred ? [] : req.files,
    interaction.attachmentSizeLimit,
  );
}

/** The body of a callback asked `?with_response=true`. */
function withResponse(
  state: FakeState,
  interaction: InteractionRecord,
  type: number,
  message: StoredMessage | undefined,
): RouteReply {
  return json({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      ...(message === undefined
        ? {}
        : {
            response_message_id: message.id,
            response_message_loading: (message.flags & messageFlags.loading) !== 0,
            response_message_ephemeral: (message.flags & messageFlags.ephemeral) !== 0,
          }),
    },
    resource: {
      type,
      ...(message === undefined ? {} : { message: toApiMessage(message, state.botUser, state.origin) }),
    },
  });
}
