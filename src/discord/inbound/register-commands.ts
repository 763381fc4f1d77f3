import { ApplicationCommandType, Routes, type REST } from "discord.js";
import type { ImageSettings } from "../../core/requests/request.ts";
import {
  buildEditImageCommand,
  buildHistoryCommand,
  buildImagineCommand,
  buildUsageCommand,
} from "./commands.ts";
import { buildAdminCommand } from "./admin-command.ts";

/** What {@link registerCommands} did. */
export interface RegisterResult {
  readonly applicationId: string;
  /** Every server, or one. */
  readonly scope: { readonly kind: "global" } | { readonly kind: "guild"; readonly guildId: string };
  /** The commands Discord now holds there, as people find them: `/imagine`, `"Edit image"`. */
  readonly names: readonly string[];
}

/**
 * Registers the bot's commands with a bulk overwrite (what was there is replaced): globally, or
 * in one guild. The application is the one the REST instance's bot token belongs to.
 */
export async function registerCommands(
  rest: REST,
  settings: ImageSettings,
  guildId?: string,
): Promise<RegisterResult> {
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const route = guildId
    ? Routes.applicationGuildCommands(application.id, guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, {
    body: [
      buildImagineCommand(settings),
      buildHistoryCommand(),
      buildUsageCommand(),
      buildAdminCommand(),
      buildEditImageCommand(),
    ],
  })) as Array<{ name: string; type?: ApplicationCommandType }>;
  return {
    applicationId: application.id,
    scope: guildId ? { kind: "guild", guildId } : { kind: "global" },
    // A slash command is typed; a message command is picked by name from a message's menu.
    names: registered.map(({ name, type }) =>
      type === ApplicationCommandType.Message ? `"${name}"` : `/${name}`,
    ),
  };
}

/** One line saying what was registered where, and when people will see it. */
export function describeRegistration(result: RegisterResult): string {
  const names = result.names.join(", ") || "no commands";
  return result.scope.kind === "global"
    ? `Registered ${names} globally for application ${result.applicationId} (may take up to an hour to appear).`
    : `Registered ${names} in guild ${result.scope.guildId} for application ${result.applicationId} (available now).`;
}
