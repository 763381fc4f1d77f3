import type { Locale } from "discord.js";
import type { CommandUploadInput, UploadInput } from "./uploads.ts";

/** One option of a chat-input command as the user filled it in. */
export interface InteractionOptionInput {
  name: string;
  /**
   * Application command option type: 3 string, 4 integer, 5 boolean, 10 number; 6 user, 7 channel,
   * 8 role, whose `value` is an id the fake resolves into `data.resolved` as Discord does
   * (11 attachment: use `attachments`).
   */
  type: number;
  value: string | number | boolean;
  /** For autocomplete: the option the user is typing in. */
  focused?: boolean;
}

/** A subcommand (type 1) or subcommand group (type 2) the user picked, with what they filled in under it. */
export interface InteractionSubcommandInput {
  name: string;
  type: 1 | 2;
  options?: (InteractionOptionInput | InteractionSubcommandInput)[];
}

/**
 * Who triggers an interaction and where, for every kind the fake sends. Defaults: the first guild,
 * its first text channel, user `"800000000000000001"` with no roles.
 */
export interface InteractionActorInput {
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
  /**
   * The member's permissions in the channel (guild only), a decimal bit set. Default: discord.js's
   * default member permissions, which hold no Manage Messages.
   */
  memberPermissions?: string;
  /** The bot's permissions in the channel. Default: view, send, send in threads, embed, attach, read history. */
  appPermissions?: string;
  /** Default `"en-US"`. */
  locale?: `${Locale}`;
}

/** A chat-input (slash) command or its autocomplete, as a user would trigger it. */
export interface InteractionInput extends InteractionActorInput {
  commandName: string;
  /** 2 application command (default), 4 autocomplete. */
  type?: 2 | 4;
  options?: (InteractionOptionInput | InteractionSubcommandInput)[];
  /**
   * Files given to attachment options, by option name: each becomes an option (type 11) naming
   * it and an entry of `data.resolved.attachments`, its bytes served by the fake.
   */
  attachments?: Record<string, CommandUploadInput>;
}

/** Where a component or modal interaction happens is decided by what the user acted on, not by the test. */
type Placed = "channelId" | "guildId" | "channelType" | "parentId";

/**
 * A click on a button of a message the bot wrote. It happens in the message's channel (and guild),
 * by user `"800000000000000001"` unless told otherwise.
 */
export interface ButtonClickInput extends Omit<InteractionActorInput, Placed> {
  messageId: string;
  /** The `custom_id` of a button on the message; a missing or disabled button is a mistake of the test. */
  customId: string;
}

/**
 * A message command (`data.type` 3) picked from a message's Apps menu. It happens in the
 * message's channel (and guild), by user `"800000000000000001"` unless told otherwise.
 */
export interface MessageCommandInput extends Omit<InteractionActorInput, Placed> {
  commandName: string;
  /** The message it was used on: any message the fake holds, a user's or the bot's. */
  messageId: string;
}

/** A message a user posts in a channel, with files; the bot only sees it through interactions. */
export interface UserMessageInput {
  /** Default: the first guild's first text channel. */
  channelId?: string;
  /** Default `"800000000000000001"`. */
  userId?: string;
  /** Default `"fake-user"`. */
  username?: string;
  content?: string;
  files?: UploadInput[];
}

/**
 * A modal the bot showed, filled in and submitted. It happens where the modal was shown, by the
 * user it was shown to (the default; naming anyone else is a mistake of the test).
 */
export interface ModalSubmitInput extends Omit<InteractionActorInput, Placed> {
  /** The modal's `custom_id`; the newest modal shown with it is the one submitted. */
  customId: string;
  /**
   * Values typed, by the text input's `custom_id`. An input left out keeps its prefilled `value`
   * (or stays empty), as when the user does not touch it.
   */
  fields?: Record<string, string>;
}
