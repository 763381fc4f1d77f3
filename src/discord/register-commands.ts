import { Routes, type REST } from "discord.js";
import type { ImageSettings } from "../core/request.ts";
import { buildImagineCommand } from "./commands.ts";

export interface RegisterResult {
  readonly applicationId: string;
  readonly scope: "global" | { guildId: string };
  readonly names: readonly string[];
}

/**
 * Registers the bot's commands, replacing what was there: globally (Discord may take up to an
 * hour to show them everywhere) or in one guild (at once, for testing).
 */
export async function registerCommands(
  rest: REST,
  settings: ImageSettings,
  guildId?: string,
): Promise<RegisterResult> {
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = [buildImagineCommand(settings)];
  const route = guildId
    ? Routes.applicationGuildCommands(application.id, guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  return {
    applicationId: application.id,
    scope: guildId ? { guildId } : "global",
    names: registered.map((command) => command.name),
  };
}
