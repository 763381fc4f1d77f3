import type { Locale } from "discord.js";

/** One option of a chat-input command as the user filled it in. */
export interface InteractionOptionInput {
  name: string;
  /** Application command option type: 3 string, 4 integer, 5 boolean, 10 number, … */
  type: number;
  value: string | number | boolean;
  /** For autocomplete: the option the user is typing in. */
  focused?: boolean;
}

/**
 * A chat-input (slash) command or its autocomplete, as a user would trigger it. Defaults: the first
 * guild, its first text channel, user `"800000000000000001"` with no roles.
 */
export interface InteractionInput {
  commandName: string;
  /** 2 application command (default), 4 autocomplete. */
  type?: 2 | 4;
  options?: InteractionOptionInput[];
  userId?: string;
  /** Default `"fake-user"`. */
  username?: string;
  /** Default: the guild's first text channel; in a DM, a DM channel of the user. */
  channelId?: string;
  /** `null` for a DM with the bot. Default: the first guild. */
  guildId?: string | null;
  /** Role ids of the member (guild only). Default none. */
  memberRoles?: string[];
  /**
   * Channel type when `channelId` is not one of the guild's: 0 text (default), 11 public thread,
   * 12 private thread, 5 announcement.
   */
  channelType?: number;
  /** Parent channel when `channelId` is a thread not described in the guild. */
  parentId?: string;
  /** Upload cap for this interaction, in bytes. Default 10 MiB (Discord's default for unboosted guilds). */
  attachmentSizeLimit?: number;
  /** The member's permissions in the channel (guild only). Default: discord.js's default member permissions. */
  memberPermissions?: string;
  /** The bot's permissions in the channel. Default: view, send, send in threads, embed, attach, read history. */
  appPermissions?: string;
  /** Default `"en-US"`. */
  locale?: `${Locale}`;
}
