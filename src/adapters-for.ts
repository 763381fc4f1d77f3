import type { AdapterFactory } from "./bot.ts";
import type { Config } from "./core/config.ts";

/** The adapters this configuration turns on. */
export function adaptersFor(config: Config): AdapterFactory[] {
  const factories: AdapterFactory[] = [];
  void config;
  return factories;
}
