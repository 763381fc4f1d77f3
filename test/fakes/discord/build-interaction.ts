import { randomBytes } from "node:crypto";
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionGuildMember,
  APIUser,
  GuildMemberFlags,
  Locale,
} from "discord.js";
import type { FakeGuild } from "./fake-guild.ts";
import { type InteractionChannel, resolveInteractionChannel } from "./interaction-channel.ts";
import type { InteractionInput } from "./interaction-input.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { defaultAppPermissions, defaultMemberPermissions } from "./permissions.ts";

/** Discord's upload cap for a guild without boosts (and for DMs). */
export const defaultAttachmentSizeLimit = 10 * 1024 * 1024;

/** An INTERACTION_CREATE payload of either kind the fake sends. */
export type InteractionPayload =
  APIChatInputApplicationCommandInteraction | APIApplicationCommandAutocompleteInteraction;

/** An interaction ready to dispatch. */
export interface BuiltInteraction {
  payload: InteractionPayload;
  /** What the REST side checks calls with its token against. */
  record: InteractionRecord;
  /** The channel object as `GET /channels/{id}` answers it. */
  channel: InteractionChannel;
}

/** What building an interaction needs from the fake. */
export interface InteractionContext {
  applicationId: string;
  guilds: readonly Required<FakeGuild>[];
  newId: () => string;
  commandIdFor: (name: string, guildId: string | null) => string | undefined;
}

/** Turns test input into a full payload discord.js accepts, and the record the REST side checks against. */
export function createInteractionBuilder(
  context: InteractionContext,
): (input: InteractionInput) => BuiltInteraction {
  const dmChannels = new Map<string, string>();
  return (input) => {
    const username = input.username ?? "fake-user";
    const user: APIUser = {
      id: input.userId ?? "800000000000000001",
      username,
      discriminator: "0",
      global_name: username,
      avatar: null,
    };
    const guildId = input.guildId === undefined ? (context.guilds[0]?.id ?? null) : input.guildId;
    const channel = resolveInteractionChannel(input, guildId, user, { ...context, dmChannels });
    const permissions = input.memberPermissions ?? defaultMemberPermissions;
    const record: InteractionRecord = {
      id: context.newId(),
      token: `fake-${randomBytes(36).toString("base64url")}`,
      type: input.type ?? 2,
      commandName: input.commandName,
      channelId: channel.id,
      guildId,
      user,
      attachmentSizeLimit: input.attachmentSizeLimit ?? defaultAttachmentSizeLimit,
      expired: false,
      followupIds: [],
    };
    const payload = {
      id: record.id,
      application_id: context.applicationId,
      type: record.type,
      token: record.token,
      version: 1,
      data: {
        id: context.commandIdFor(input.commandName, guildId) ?? context.newId(),
        name: input.commandName,
        type: 1,
        options: structuredClone(input.options ?? []) as APIApplicationCommandInteractionDataBasicOption[],
      },
      // discord.js takes `interaction.channelId` from `channel` (`channel_id` is the deprecated
      // twin). In a guild the object also carries the member's permissions in that channel.
      channel: guildId === null ? channel : { ...channel, permissions },
      channel_id: channel.id,
      app_permissions: input.appPermissions ?? defaultAppPermissions,
      locale: (input.locale ?? "en-US") as Locale,
      // Without these two discord.js's BaseInteraction constructor throws (`entitlements.reduce`,
      // `authorizing_integration_owners[type]`): an unhandled rejection in the shard's message
      // handler, and no `interactionCreate` at all.
      entitlements: [],
      authorizing_integration_owners: { "0": guildId ?? "0" },
      // 0 guild, 1 the bot's DM.
      context: guildId === null ? 1 : 0,
      attachment_size_limit: record.attachmentSizeLimit,
      ...(guildId === null
        ? { user }
        : {
            guild_id: guildId,
            guild: { id: guildId, locale: "en-US" as Locale, features: [] },
            guild_locale: "en-US" as Locale,
            member: memberObject(user, input.memberRoles ?? [], permissions),
          }),
    } as InteractionPayload;
    return { payload, record, channel };
  };
}

function memberObject(user: APIUser, roles: string[], permissions: string): APIInteractionGuildMember {
  return {
    user,
    roles,
    permissions,
    joined_at: new Date(0).toISOString(),
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    deaf: false,
    mute: false,
    // Flag enums have no member for "none".
    flags: 0 as GuildMemberFlags,
  };
}
