import { PermissionFlagsBits, PermissionsBitField } from "discord.js";

/** What `@everyone` may do in a new guild, as Discord's permission string. */
export const defaultEveryonePermissions = PermissionsBitField.Default.toString();

/** A member with no special role: the `@everyone` permissions. */
export const defaultMemberPermissions = defaultEveryonePermissions;

/** What a bot invited to post images may do in a channel. */
export const defaultAppPermissions = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis
).toString();
