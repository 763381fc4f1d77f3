import type { BuiltInteraction, InteractionPayload } from "./build-interaction.ts";
import type { FakeState } from "./fake-state.ts";
import type { FrameBuilder, InteractionPlace } from "./interaction-frame.ts";
import type { ButtonClickInput } from "./interaction-input.ts";
import { listButtons } from "./list-buttons.ts";
import { messageFlags } from "./message-flags.ts";
import { toApiMessage } from "./render-message.ts";

/** Component type of a button; a link button (style 5) opens its URL and never reaches the bot. */
const button = { type: 2, linkStyle: 5 };

/** What building a click needs from the fake. */
export interface ComponentContext {
  state: FakeState;
  frame: FrameBuilder;
}

/**
 * Turns a click as a test describes it into the MESSAGE_COMPONENT interaction Discord sends: in the
 * message's channel, with the message as it is now. Clicking what no user could click (a message
 * that is gone, someone else's ephemeral message, a button that is missing, disabled or a link)
 * is a mistake of the test, and throws.
 */
export function createButtonClickBuilder(
  context: ComponentContext,
): (input: ButtonClickInput) => BuiltInteraction {
  const { state, frame } = context;
  return (input) => {
    const message = state.messages.find(input.messageId);
    const named = `fake Discord: message ${input.messageId}`;
    if (message === undefined) throw new Error(`${named} does not exist`);
    if (message.deletedAt !== null) throw new Error(`${named} was deleted; nobody can click its buttons`);
    const userId = input.userId ?? "800000000000000001";
    const viewer = message.interaction?.user.id;
    if ((message.flags & messageFlags.ephemeral) !== 0 && viewer !== userId)
      throw new Error(`${named} is ephemeral: only user ${viewer} sees it, not ${userId}`);
    const buttons = listButtons(message.components);
    const clicked = buttons.find((b) => b.customId === input.customId);
    if (clicked === undefined) {
      const ids = buttons.map((b) => b.customId ?? `(link ${b.url})`).join(", ") || "none";
      throw new Error(`${named} has no button "${input.customId}"; its buttons: ${ids}`);
    }
    if (clicked.disabled) throw new Error(`${named}: button "${input.customId}" is disabled`);
    if (clicked.style === button.linkStyle) throw new Error(`${named}: "${input.customId}" is a link button`);

    const { envelope, record, channel } = frame(input, 3, placeOf(state, message.channelId));
    record.messageId = message.id;
    const payload = {
      ...envelope,
      data: { custom_id: input.customId, component_type: button.type },
      message: toApiMessage(message, state.botUser, state.origin),
    } as InteractionPayload;
    return { payload, record, channel };
  };
}

/** The channel a message is in, and its guild (`null` for a DM). */
export function placeOf(state: FakeState, channelId: string): InteractionPlace {
  const channel = state.channels.get(channelId);
  if (channel === undefined) throw new Error(`fake Discord: no channel ${channelId}`);
  return { channel, guildId: "guild_id" in channel ? (channel.guild_id ?? null) : null };
}
