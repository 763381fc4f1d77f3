import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
  type ApplicationCommandOptionAllowedChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { settingKeys } from "../../core/settings/setting-keys.ts";
import type { MessageKey } from "../../core/i18n/messages.ts";
import { describedIn } from "../render/described-in.ts";

export const adminCommandName = "imagine-admin";

/** Channels an admin can name: text channels and forums (threads follow their parent). */
const channelTypes: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
];

const channelOption = (description: MessageKey, required: boolean): APIApplicationCommandOption => ({
  name: "channel",
  type: ApplicationCommandOptionType.Channel,
  channel_types: channelTypes,
  required,
  ...describedIn(description),
});

/** A group of allow/deny/reset (or block/unblock) subcommands, each taking one option. */
function group(
  name: string,
  description: MessageKey,
  actions: ReadonlyArray<readonly [string, MessageKey]>,
  option: APIApplicationCommandOption,
): APIApplicationCommandOption {
  return {
    name,
    type: ApplicationCommandOptionType.SubcommandGroup,
    ...describedIn(description),
    options: actions.map(([action, actionDescription]) => ({
      name: action,
      type: ApplicationCommandOptionType.Subcommand,
      ...describedIn(actionDescription),
      options: [option as never],
    })),
  };
}

const keyOption: APIApplicationCommandOption = {
  name: "key",
  type: ApplicationCommandOptionType.String,
  required: true,
  choices: settingKeys.map((key) => ({ name: key, value: key })),
  ...describedIn("admin:command.keyOption"),
};

/**
 * `/imagine-admin`: the settings of a server, changed from chat. Only members with Manage Server
 * see it (Discord hides it from others); the bot checks again on every use.
 */
export function buildAdminCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: adminCommandName,
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    ...describedIn("admin:command.description"),
    options: [
      {
        name: "show",
        type: ApplicationCommandOptionType.Subcommand,
        ...describedIn("admin:command.show"),
        options: [channelOption("admin:command.showChannel", false) as never],
      },
      group(
        "channel",
        "admin:command.channel",
        [
          ["allow", "admin:command.channelAllow"],
          ["deny", "admin:command.channelDeny"],
          ["reset", "admin:command.channelReset"],
        ],
        channelOption("admin:command.channelOption", true),
      ),
      group(
        "role",
        "admin:command.role",
        [
          ["allow", "admin:command.roleAllow"],
          ["deny", "admin:command.roleDeny"],
          ["reset", "admin:command.roleReset"],
        ],
        {
          name: "role",
          type: ApplicationCommandOptionType.Role,
          required: true,
          ...describedIn("admin:command.roleOption"),
        },
      ),
      group(
        "user",
        "admin:command.user",
        [
          ["block", "admin:command.userBlock"],
          ["unblock", "admin:command.userUnblock"],
        ],
        {
          name: "user",
          type: ApplicationCommandOptionType.User,
          required: true,
          ...describedIn("admin:command.userOption"),
        },
      ),
      {
        name: "set",
        type: ApplicationCommandOptionType.Subcommand,
        ...describedIn("admin:command.set"),
        options: [
          keyOption as never,
          {
            name: "value",
            type: ApplicationCommandOptionType.String,
            required: true,
            max_length: 100,
            ...describedIn("admin:command.valueOption"),
          },
          channelOption("admin:command.setChannelOption", false) as never,
        ],
      },
      {
        name: "unset",
        type: ApplicationCommandOptionType.Subcommand,
        ...describedIn("admin:command.unset"),
        options: [keyOption as never, channelOption("admin:command.setChannelOption", false) as never],
      },
    ],
  };
}
