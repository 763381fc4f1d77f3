import type { AdapterFactory } from "./bot.ts";
import type { Config } from "./core/config.ts";
import { createDiscordAdapter } from "./discord/index.ts";
import { createSlackAdapter } from "./slack/index.ts";

/** The adapters this configuration turns on. */
export function adaptersFor(config: Config): AdapterFactory[] {
  const factories: AdapterFactory[] = [];
  if (config.discord) factories.push(createDiscordAdapter);
  if (config.slack) factories.push(createSlackAdapter);
  return factories;
}
