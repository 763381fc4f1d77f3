import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
} from "discord.js";
import type { InteractionChannel } from "./interaction-channel.ts";
import type { FrameBuilder } from "./interaction-frame.ts";
import type { InteractionInput } from "./interaction-input.ts";
import type { InteractionRecord } from "./interaction-registry.ts";

/** An INTERACTION_CREATE payload of any kind the fake sends. */
export type InteractionPayload =
  | APIChatInputApplicationCommandInteraction
  | APIApplicationCommandAutocompleteInteraction
  | APIMessageComponentButtonInteraction
  | APIModalSubmitInteraction;

/** An interaction ready to dispatch. */
export interface BuiltInteraction {
  payload: InteractionPayload;
  /** What the REST side checks calls with its token against. */
  record: InteractionRecord;
  /** The channel object as `GET /channels/{id}` answers it. */
  channel: InteractionChannel;
}

/** What building a command interaction needs from the fake. */
export interface CommandContext {
  frame: FrameBuilder;
  newId: () => string;
  commandIdFor: (name: string, guildId: string | null) => string | undefined;
}

/** Turns a slash command (or its autocomplete) as a test describes it into a payload discord.js accepts. */
export function createInteractionBuilder(
  context: CommandContext,
): (input: InteractionInput) => BuiltInteraction {
  return (input) => {
    const { envelope, record, channel } = context.frame(input, input.type ?? 2);
    record.commandName = input.commandName;
    const payload = {
      ...envelope,
      data: {
        id: context.commandIdFor(input.commandName, record.guildId) ?? context.newId(),
        name: input.commandName,
        type: 1,
        options: structuredClone(input.options ?? []) as APIApplicationCommandInteractionDataBasicOption[],
      },
    } as InteractionPayload;
    return { payload, record, channel };
  };
}
