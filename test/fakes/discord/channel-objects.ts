import type { APIDMChannel, APIGuildChannel, APIThreadChannel, APIUser, GuildChannelType } from "discord.js";
import type { FakeChannel, FakeThread } from "./fake-guild.ts";

/** A guild channel object as GUILD_CREATE and interactions carry it. */
export function guildChannelObject(
  guildId: string,
  channel: FakeChannel,
  position: number,
): APIGuildChannel & { position: number; topic: null; rate_limit_per_user: number; last_message_id: null } {
  return {
    id: channel.id,
    type: (channel.type ?? 0) as GuildChannelType,
    guild_id: guildId,
    name: channel.name ?? `channel-${channel.id}`,
    position,
    parent_id: channel.parentId ?? null,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    rate_limit_per_user: 0,
    last_message_id: null,
  };
}

/** An active thread object, with the metadata discord.js reads. */
export function threadObject(guildId: string, thread: FakeThread, ownerId: string): APIThreadChannel {
  return {
    id: thread.id,
    type: thread.type ?? 11,
    guild_id: guildId,
    name: thread.name ?? `thread-${thread.id}`,
    parent_id: thread.parentId,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  };
}

/** The DM channel between the bot and `user`. */
export function dmChannelObject(id: string, user: APIUser): APIDMChannel {
  return { id, type: 1, name: null, recipients: [user], last_message_id: null };
}
