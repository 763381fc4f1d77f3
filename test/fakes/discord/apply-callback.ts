import type { APIMessageInteractionMetadata } from "discord.js";
import { callback } from "./callback-types.ts";
import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { messageFlags } from "./message-flags.ts";
import { readMessageInput } from "./message-input.ts";
import type { StoredMessage } from "./message-store.ts";
import { readModal } from "./read-modal.ts";
import type { Outcome, RouteRequest } from "./rest-types.ts";

/** A callback's body, once its type is known to be allowed. */
export interface CallbackBody {
  type: number;
  data: unknown;
}

/**
 * Does what a callback does, and answers with the `@original` message it made or named: a reply
 * (4) or its "thinking…" placeholder (5); the component's message, updated (7) or not yet (6);
 * nothing for a modal (9, which the interaction keeps) or autocomplete choices.
 */
export function applyCallback(
  state: FakeState,
  interaction: InteractionRecord,
  body: CallbackBody,
  req: RouteRequest,
): Outcome<StoredMessage | undefined> {
  switch (body.type) {
    case callback.channelMessage:
    case callback.deferredChannelMessage:
      return createReply(state, interaction, body, req);
    case callback.deferredUpdate:
      return componentMessage(state, interaction);
    case callback.updateMessage: {
      const message = componentMessage(state, interaction);
      if (!message.ok) return message;
      const input = readMessageInput(body.data);
      if (!input.ok) return input;
      return state.messages.edit(message.value, input.value, req.files, interaction.attachmentSizeLimit);
    }
    case callback.modal: {
      const modal = readModal(body.data);
      if (!modal.ok) return modal;
      interaction.modal = modal.value;
      return { ok: true, value: undefined };
    }
    default:
      return { ok: true, value: undefined };
  }
}

/** The new message a reply (4) or a deferred reply (5) makes. */
function createReply(
  state: FakeState,
  interaction: InteractionRecord,
  body: CallbackBody,
  req: RouteRequest,
): Outcome<StoredMessage> {
  const input = readMessageInput(body.data);
  if (!input.ok) return input;
  const deferred = body.type === callback.deferredChannelMessage;
  return state.messages.create(
    {
      channelId: interaction.channelId,
      type: 20,
      // A deferred reply is an empty "thinking…" placeholder; only the ephemeral flag carries over.
      flags: deferred ? messageFlags.loading | ((input.value.flags ?? 0) & messageFlags.ephemeral) : 0,
      webhookId: state.applicationId,
      interaction: metadata(interaction),
      allowEmpty: deferred,
    },
    deferred ? {} : input.value,
    deferred ? [] : req.files,
    interaction.attachmentSizeLimit,
  );
}

/** The message whose button was clicked (or whose button opened the modal), while it exists. */
function componentMessage(state: FakeState, interaction: InteractionRecord): Outcome<StoredMessage> {
  const message = interaction.messageId === undefined ? undefined : state.messages.get(interaction.messageId);
  return message === undefined
    ? { ok: false, reply: discordErrors.unknownMessage() }
    : { ok: true, value: message };
}

/** The `interaction_metadata` of a reply, naming the clicked message for a component's. */
function metadata(interaction: InteractionRecord): APIMessageInteractionMetadata {
  return {
    id: interaction.id,
    type: interaction.type,
    user: interaction.user,
    authorizing_integration_owners: { "0": interaction.guildId ?? "0" },
    ...(interaction.type === 3 && interaction.messageId !== undefined
      ? { interacted_message_id: interaction.messageId }
      : {}),
  } as APIMessageInteractionMetadata;
}
