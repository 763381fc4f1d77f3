import { PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import type { Actor } from "../../core/policy/actor.ts";

/** The member's role ids, from the cache when the guild is cached, else from the raw payload. */
function roleIdsOf(interaction: ChatInputCommandInteraction): readonly string[] {
  if (interaction.inCachedGuild()) return [...interaction.member.roles.cache.keys()];
  const roles = interaction.member?.roles;
  return Array.isArray(roles) ? roles : [];
}

/** The core's Actor for a slash command: who, where, and what they may hold. */
export function toActor(interaction: ChatInputCommandInteraction): Actor {
  const roles = roleIdsOf(interaction);
  const { channel } = interaction;
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
