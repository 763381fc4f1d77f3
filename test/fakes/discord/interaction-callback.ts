import { applyCallback } from "./apply-callback.ts";
import { allowedCallbacks, callback } from "./callback-types.ts";
import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import { hasOutlivedToken } from "./interaction-expiry.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { isRecord } from "./is-record.ts";
import { messageFlags } from "./message-flags.ts";
import type { StoredMessage } from "./message-store.ts";
import { toApiMessage } from "./render-message.ts";
import { json, type Route, type RouteReply } from "./rest-types.ts";

/** `POST /interactions/{id}/{token}/callback`: the first answer to an interaction. */
export function interactionCallbackRoute(state: FakeState): Route {
  return {
    method: "POST",
    pattern: "/interactions/:interactionId/:token/callback",
    name: "interactionCallback",
    auth: false,
    handle(req) {
      const interaction = state.interactions.byToken(req.params.token ?? "");
      if (
        interaction === undefined ||
        interaction.id !== req.params.interactionId ||
        interaction.expired ||
        hasOutlivedToken(interaction, state.now())
      ) {
        return discordErrors.unknownInteraction();
      }
      if (interaction.callbackType !== undefined) return discordErrors.alreadyAcknowledged();
      const body = isRecord(req.json) ? req.json : {};
      const type = typeof body.type === "number" ? body.type : -1;
      const allowed = allowedCallbacks(interaction);
      if (!allowed.includes(type)) {
        return discordErrors.invalidFormBody(
          "type",
          "BASE_TYPE_CHOICES",
          `Value must be one of ${allowed.join(", ")}.`,
        );
      }
      const original = applyCallback(state, interaction, { type, data: body.data }, req);
      if (!original.ok) return original.reply;
      interaction.callbackType = type;
      if (original.value !== undefined) interaction.originalMessageId = original.value.id;
      // A deferred update changes nothing yet, so there is no message to show for it.
      const shown = type === callback.deferredUpdate ? undefined : original.value;
      return req.query.get("with_response") === "true"
        ? withResponse(state, interaction, type, shown)
        : { status: 204 };
    },
  };
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
