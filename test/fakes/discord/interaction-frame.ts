import { randomBytes } from "node:crypto";
import type { APIInteractionGuildMember, APIUser, GuildMemberFlags, Locale } from "discord.js";
import type { FakeGuild } from "./fake-guild.ts";
import { type InteractionChannel, resolveInteractionChannel } from "./interaction-channel.ts";
import type { InteractionActorInput } from "./interaction-input.ts";
import type { InteractionRecord, InteractionType } from "./interaction-registry.ts";
import { defaultAppPermissions, defaultMemberPermissions } from "./permissions.ts";

/** Discord's upload cap for a guild without boosts (and for DMs). */
export const defaultAttachmentSizeLimit = 10 * 1024 * 1024;

/** What every interaction has, whatever its kind: who, where, its id and token. */
export interface InteractionFrame {
  /** Every field of the INTERACTION_CREATE payload but `data` (and a component's `message`). */
  envelope: Record<string, unknown>;
  /** What the REST side checks calls with its token against. */
  record: InteractionRecord;
  /** The channel object as `GET /channels/{id}` answers it. */
  channel: InteractionChannel;
}

/** Where an interaction happens when something the user acted on decides it. */
export interface InteractionPlace {
  channel: InteractionChannel;
  guildId: string | null;
}

/** What framing interactions needs from the fake. */
export interface FrameContext {
  applicationId: string;
  guilds: readonly Required<FakeGuild>[];
  newId: () => string;
  /** The fake's clock: the token's age counts from here. */
  now: () => number;
}

/** Frames an interaction of `type`: in `place` when given, else where `input` says. */
export type FrameBuilder = (
  input: InteractionActorInput,
  type: InteractionType,
  place?: InteractionPlace,
) => InteractionFrame;

/** Creates the one framer of the fake, so a user's DMs share a channel whatever they trigger. */
export function createFrameBuilder(context: FrameContext): FrameBuilder {
  const dmChannels = new Map<string, string>();
  return (input, type, place) => {
    const username = input.username ?? "fake-user";
    const user: APIUser = {
      id: input.userId ?? "800000000000000001",
      username,
      discriminator: "0",
      global_name: username,
      avatar: null,
    };
    const guildId =
      place?.guildId ?? (input.guildId === undefined ? (context.guilds[0]?.id ?? null) : input.guildId);
    const channel =
      place?.channel ?? resolveInteractionChannel(input, guildId, user, { ...context, dmChannels });
    const permissions = input.memberPermissions ?? defaultMemberPermissions;
    const record: InteractionRecord = {
      id: context.newId(),
      token: `fake-${randomBytes(36).toString("base64url")}`,
      type,
      channelId: channel.id,
      guildId,
      user,
      attachmentSizeLimit: input.attachmentSizeLimit ?? defaultAttachmentSizeLimit,
      createdAt: context.now(),
      expired: false,
      followupIds: [],
    };
    const envelope = {
      id: record.id,
      application_id: context.applicationId,
      type,
      token: record.token,
      version: 1,
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
    };
    return { envelope, record, channel };
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
