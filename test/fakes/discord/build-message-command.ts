import type { BuiltInteraction, InteractionPayload } from "./build-interaction.ts";
import { placeOf, type ComponentContext } from "./build-component-interaction.ts";
import type { MessageCommandInput } from "./interaction-input.ts";
import { messageFlags } from "./message-flags.ts";
import { toApiMessage } from "./render-message.ts";

/** What building a message command needs: the fake's state and framer, and registered command ids. */
export interface MessageCommandContext extends ComponentContext {
  commandIdFor: (name: string, guildId: string | null) => string | undefined;
}

/** Command type of a message command (in `data.type`; the interaction's own type stays 2). */
const messageCommand = 3;

/**
 * Turns a message command as a test describes it into the APPLICATION_COMMAND interaction Discord
 * sends: in the message's channel, naming it in `target_id`, with the message as it is now in
 * `data.resolved.messages`. Using it on what no user could (a message that is gone, or someone
 * else's ephemeral one) is a mistake of the test, and throws.
 */
export function createMessageCommandBuilder(
  context: MessageCommandContext,
): (input: MessageCommandInput) => BuiltInteraction {
  const { state, frame } = context;
  return (input) => {
    const message = state.messages.find(input.messageId);
    const named = `fake Discord: message ${input.messageId}`;
    if (message === undefined) throw new Error(`${named} does not exist`);
    if (message.deletedAt !== null) throw new Error(`${named} was deleted; nobody can use a command on it`);
    const userId = input.userId ?? "800000000000000001";
    const viewer = message.interaction?.user.id;
    if ((message.flags & messageFlags.ephemeral) !== 0 && viewer !== userId)
      throw new Error(`${named} is ephemeral: only user ${viewer} sees it, not ${userId}`);
    const { envelope, record, channel } = frame(input, 2, placeOf(state, message.channelId));
    record.commandName = input.commandName;
    const payload = {
      ...envelope,
      data: {
        id: context.commandIdFor(input.commandName, record.guildId) ?? state.newId(),
        name: input.commandName,
        type: messageCommand,
        target_id: message.id,
        resolved: { messages: { [message.id]: toApiMessage(message, state.botUser, state.origin) } },
      },
    } as InteractionPayload;
    return { payload, record, channel };
  };
}
