import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIAttachment,
  APIChatInputApplicationCommandInteraction,
  APIMessageApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIModalSubmitInteraction,
} from "discord.js";
import type { FakeGuild } from "./fake-guild.ts";
import type { InteractionChannel } from "./interaction-channel.ts";
import type { FrameBuilder } from "./interaction-frame.ts";
import type { InteractionInput } from "./interaction-input.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { defaultMemberPermissions } from "./permissions.ts";
import { resolveOptions } from "./resolve-options.ts";
import type { CommandUploadInput } from "./uploads.ts";

/** An INTERACTION_CREATE payload of any kind the fake sends. */
export type InteractionPayload =
  | APIChatInputApplicationCommandInteraction
  | APIMessageApplicationCommandInteraction
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
  /** Keeps a file given to an attachment option, answering it as Discord resolves it. */
  upload: (channelId: string, upload: CommandUploadInput) => APIAttachment;
  /** The guilds, whose channels and roles user, channel and role options resolve to. Default: none known. */
  guilds?: readonly Required<FakeGuild>[];
}

/** Option type of an attachment. */
const attachmentOption = 11;

/** Turns a slash command (or its autocomplete) as a test describes it into a payload discord.js accepts. */
export function createInteractionBuilder(
  context: CommandContext,
): (input: InteractionInput) => BuiltInteraction {
  return (input) => {
    const { envelope, record, channel } = context.frame(input, input.type ?? 2);
    record.commandName = input.commandName;
    const uploads = Object.entries(input.attachments ?? {}).map(([name, upload]) => ({
      name,
      attachment: context.upload(channel.id, upload),
    }));
    const options = [
      ...structuredClone(input.options ?? []),
      ...uploads.map(({ name, attachment }) => ({ name, type: attachmentOption, value: attachment.id })),
    ] as APIApplicationCommandInteractionDataBasicOption[];
    const mentioned = resolveOptions(input.options ?? [], {
      guild: context.guilds?.find((guild) => guild.id === record.guildId),
      guildId: record.guildId,
      permissions: input.memberPermissions ?? defaultMemberPermissions,
    });
    const payload = {
      ...envelope,
      data: {
        id: context.commandIdFor(input.commandName, record.guildId) ?? context.newId(),
        name: input.commandName,
        type: 1,
        options,
        ...((uploads.length > 0 || mentioned) && {
          resolved: {
            ...mentioned,
            ...(uploads.length > 0 && {
              attachments: Object.fromEntries(uploads.map(({ attachment }) => [attachment.id, attachment])),
            }),
          },
        }),
      },
    } as InteractionPayload;
    return { payload, record, channel };
  };
}
