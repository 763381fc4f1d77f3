import { PermissionFlagsBits } from "discord.js";
import type { Actor } from "../../core/policy/actor.ts";
import type { JobInteraction } from "./job-interaction.ts";

/** The member's role ids, from the cache when the guild is cached, else from the raw payload. */
function roleIdsOf(interaction: JobInteraction): readonly string[] {
  if (interaction.inCachedGuild()) return [...interaction.member.roles.cache.keys()];
  const roles = interaction.member?.roles;
  return Array.isArray(roles) ? roles : [];
}

/** The core's Actor for a command, a click or a modal: who, where, and what they may hold. */
export function toActor(interaction: JobInteraction): Actor {
  const roles = roleIdsOf(interaction);
  const { channel } = interaction;
  const parentId = channel?.isThread() ? channel.parentId : null;
  return {
    platform: "discord",
    userId: interaction.user.id,
    ...(interaction.guildId && { workspaceId: interaction.guildId }),
    channelId: interaction.channelId ?? "",
    ...(parentId && { parentChannelId: parentId }),
    isDirectMessage: !interaction.inGuild(),
    isAdmin: async () => interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    // The member's permissions in this channel, as Discord computed them for the interaction.
    canModerate: async () => interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false,
    memberOf: async (ids) => ids.filter((id) => roles.includes(id)),
  };
}
