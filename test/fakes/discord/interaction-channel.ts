import type { APIUser } from "discord.js";
import { dmChannelObject, guildChannelObject, threadObject } from "./channel-objects.ts";
import type { FakeGuild } from "./fake-guild.ts";
import type { InteractionActorInput } from "./interaction-input.ts";

/** The channel object an interaction happens in (without the member's `permissions`). */
export type InteractionChannel =
  | ReturnType<typeof dmChannelObject>
  | ReturnType<typeof guildChannelObject>
  | ReturnType<typeof threadObject>;

/** What resolving a channel needs. */
export interface ChannelContext {
  guilds: readonly Required<FakeGuild>[];
  newId: () => string;
  /** DM channel id per user, so one user's DMs share a channel. */
  dmChannels: Map<string, string>;
}

/**
 * The channel of an interaction: one the guild describes, else one made up from `channelType` and
 * `parentId`; in a DM, the user's DM channel.
 */
export function resolveInteractionChannel(
  input: InteractionActorInput,
  guildId: string | null,
  user: APIUser,
  context: ChannelContext,
): InteractionChannel {
  if (guildId === null) {
    const id = input.channelId ?? context.dmChannels.get(user.id) ?? context.newId();
    context.dmChannels.set(user.id, id);
    return dmChannelObject(id, user);
  }
  const guild = context.guilds.find((g) => g.id === guildId);
  const firstText = guild?.channels.find((c) => (c.type ?? 0) === 0 || c.type === 5);
  const channelId = input.channelId ?? firstText?.id ?? context.newId();
  const ownerId = guild?.ownerId ?? "800000000000000009";
  const position = guild?.channels.findIndex((c) => c.id === channelId) ?? -1;
  const described = guild?.channels[position];
  if (described !== undefined) return guildChannelObject(guildId, described, position);
  const thread = guild?.threads.find((t) => t.id === channelId);
  if (thread !== undefined) return threadObject(guildId, thread, ownerId);
  const type = input.channelType ?? 0;
  if (type === 10 || type === 11 || type === 12) {
    const parentId = input.parentId ?? firstText?.id ?? context.newId();
    return threadObject(guildId, { id: channelId, parentId, type }, ownerId);
  }
  // Any other type is passed through as given; the cast only satisfies FakeChannel's narrower list.
  const made = { id: channelId, type: type as 0, ...(input.parentId ? { parentId: input.parentId } : {}) };
  return guildChannelObject(guildId, made, 0);
}
