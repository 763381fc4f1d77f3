import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import type { Actor } from "../core/actor.ts";

/** The core's Actor for a slash command: who, where, and the roles they hold. */
export function toActor(interaction: ChatInputCommandInteraction): Actor {
  const roles = interaction.inCachedGuild()
    ? [...interaction.member.roles.cache.keys()]
    : ((interaction.member?.roles as string[] | undefined) ?? []);
  const channel = interaction.channel;
  const parentId = channel?.isThread() ? channel.parentId : null;
  return {
    platform: "discord",
    userId: interaction.user.id,
    ...(interaction.guildId && { workspaceId: interaction.guildId }),
    channelId: interaction.channelId,
    ...(parentId && { parentChannelId: parentId }),
    isDirectMessage: !interaction.inGuild(),
    isAdmin: async () => interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    memberOf: async (ids) => ids.filter((id) => roles.includes(id)),
  };
}
