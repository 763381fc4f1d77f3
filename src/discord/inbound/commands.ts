import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import { findModel } from "../../core/requests/models.ts";
import type { ImageSettings } from "../../core/requests/request.ts";
import { describedIn } from "../render/described-in.ts";

/** Discord caps a string option at 6,000 characters. */
const discordStringCap = 6000;

/**
 * Longest size, quality and model name Discord lets a person type. Real values are far shorter
 * ("3840x2160", "standard"); the cap keeps an absurd one from reaching the bot at all.
 */
const maxSizeLength = 20;
const maxQualityLength = 20;
const maxModelLength = 100;

/** The longest prompt any offered model takes, within the operator's limit and Discord's. */
function maxPromptLength(settings: ImageSettings): number {
  const modelLimits = settings.models.map((id) => findModel(id)?.maxPromptLength ?? 0);
  return Math.min(discordStringCap, settings.maxPromptLength, Math.max(...modelLimits));
}

/** The message command's name, as people see it in a message's Apps menu. */
export const editImageCommandName = "Edit image";

/**
 * The `/imagine` command as Discord's API takes it, from the operator's image settings: the
 * prompt's length and the count are capped by them, size, quality and model are suggested by
 * autocomplete (they depend on the chosen model); an attached image makes it an edit of that
 * image. Usable in servers and in the bot's DMs; the policy decides whether DMs are served.
 * Descriptions come in every language the bot speaks.
 */
export function buildImagineCommand(
  settings: ImageSettings,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: "imagine",
    ...describedIn("discord:commands.imagine.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        name: "prompt",
        ...describedIn("discord:commands.imagine.options.prompt"),
        type: ApplicationCommandOptionType.String,
        required: true,
        max_length: maxPromptLength(settings),
      },
      {
        name: "size",
        ...describedIn("discord:commands.imagine.options.size"),
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
        max_length: maxSizeLength,
      },
      {
        name: "quality",
        ...describedIn("discord:commands.imagine.options.quality"),
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
        max_length: maxQualityLength,
      },
      {
        name: "count",
        ...describedIn("discord:commands.imagine.options.count"),
        type: ApplicationCommandOptionType.Integer,
        min_value: 1,
        max_value: settings.maxImagesPerRequest,
      },
      {
        name: "model",
        ...describedIn("discord:commands.imagine.options.model"),
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
        max_length: maxModelLength,
      },
      {
        name: "image",
        ...describedIn("discord:commands.imagine.options.image"),
        type: ApplicationCommandOptionType.Attachment,
      },
      {
        name: "mask",
        ...describedIn("discord:commands.imagine.options.mask"),
        type: ApplicationCommandOptionType.Attachment,
      },
    ],
  };
}

/** **Edit image** in a message's Apps menu: asks for a prompt, then edits the message's first picture. */
export function buildEditImageCommand(): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return {
    name: editImageCommandName,
    type: ApplicationCommandType.Message,
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}

/** `/imagine-history`: the person's last jobs, answered privately. */
export function buildHistoryCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: "imagine-history",
    ...describedIn("discord:commands.history.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}

/** `/imagine-usage`: what the person (and, for an admin, the server) made and spent, privately. */
export function buildUsageCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: "imagine-usage",
    ...describedIn("discord:commands.usage.description"),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
}
