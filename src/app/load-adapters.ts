import type { AdapterFactory } from "./start-bot.ts";
import type { Config } from "../config/config.ts";

/**
 * The adapters this configuration turns on. Each platform's library is loaded only when its
 * adapter is: a Discord-only bot never loads @slack/bolt, and the other way round.
 */
export async function adaptersFor(config: Config): Promise<AdapterFactory[]> {
  const factories: AdapterFactory[] = [];
  if (config.discord) factories.push((await import("../discord/index.ts")).createDiscordAdapter);
  if (config.slack) factories.push((await import("../slack/index.ts")).createSlackAdapter);
  return factories;
}
