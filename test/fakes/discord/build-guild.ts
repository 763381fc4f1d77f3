import type { APIRole, GatewayGuildCreateDispatchData, GuildSystemChannelFlags, RoleFlags } from "discord.js";
import { defaultEveryonePermissions } from "./permissions.ts";
import { guildChannelObject, threadObject } from "./channel-objects.ts";
import type { FakeGuild } from "./fake-guild.ts";

/** The guild used when a test describes none: a text channel with a thread, and one role. */
export const defaultGuild: Required<FakeGuild> = {
  id: "900000000000000001",
  name: "Fake Guild",
  ownerId: "800000000000000009",
  channels: [{ id: "900000000000000002", name: "general", type: 0 }],
  threads: [{ id: "900000000000000003", name: "imagine-thread", parentId: "900000000000000002", type: 11 }],
  roles: [{ id: "900000000000000004", name: "Artists", permissions: "0" }],
};

/** Fills in what a test left out of a guild; `newId` names a default text channel. */
export function resolveGuild(guild: FakeGuild, newId: () => string): Required<FakeGuild> {
  return {
    id: guild.id,
    name: guild.name ?? "Fake Guild",
    ownerId: guild.ownerId ?? "800000000000000009",
    channels: guild.channels ?? [{ id: newId(), name: "general", type: 0 }],
    threads: guild.threads ?? [],
    roles: guild.roles ?? [],
  };
}

/** The GUILD_CREATE payload discord.js needs to cache the guild, its channels, threads and roles. */
export function guildCreatePayload(
  guild: Required<FakeGuild>,
  joinedAt: string,
): GatewayGuildCreateDispatchData {
  const everyone = roleObject(guild.id, "@everyone", defaultEveryonePermissions, 0);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      everyone,
      ...guild.roles.map((r, i) => roleObject(r.id, r.name ?? `role-${r.id}`, r.permissions ?? "0", i + 1)),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    // Flag enums have no member for "none".
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US" as GatewayGuildCreateDispatchData["preferred_locale"],
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    // Members need the GuildMembers intent; a bot without it gets none here either.
    members: [],
    channels: guild.channels.map(
      (c, i) => guildChannelObject(guild.id, c, i) as GatewayGuildCreateDispatchData["channels"][number],
    ),
    threads: guild.threads.map(
      (t) => threadObject(guild.id, t, guild.ownerId) as GatewayGuildCreateDispatchData["threads"][number],
    ),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A role object as GUILD_CREATE and an interaction's `data.resolved` carry it. */
export function roleObject(id: string, name: string, permissions: string, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}
