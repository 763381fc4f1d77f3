import type { Config } from "../config/config.ts";
import type { AdapterFactory, ConfiguredAdapter } from "../core/platform-adapter.ts";
import type { DiscordConfig } from "../discord/config.ts";
import type { SlackConfig } from "../slack/config.ts";

/** The Discord adapter's settings, or undefined when DISCORD_TOKEN is not set. */
export function discordConfigOf(config: Config): DiscordConfig | undefined {
  if (!config.discord) return undefined;
  return { ...config.discord, images: config.images, progressIntervalMs: config.progressIntervalMs };
}

/** The Slack adapter's settings, or undefined when SLACK_BOT_TOKEN is not set. */
export function slackConfigOf(config: Config): SlackConfig | undefined {
  if (!config.slack) return undefined;
  return { ...config.slack, progressIntervalMs: config.progressIntervalMs };
}

/** Factories to use instead of the production ones (tests pass theirs, with test-only knobs). */
export interface AdapterFactories {
  readonly discord?: AdapterFactory<DiscordConfig>;
  readonly slack?: AdapterFactory<SlackConfig>;
}

/**
 * The adapters this configuration turns on, each given its own part of the settings. Each
 * platform's library is loaded only when its adapter is: a Discord-only bot never loads
 * @slack/bolt, and the other way round.
 */
export async function adaptersFor(
  config: Config,
  factories: AdapterFactories = {},
): Promise<ConfiguredAdapter[]> {
  const adapters: ConfiguredAdapter[] = [];
  const discord = discordConfigOf(config);
  if (discord) {
    const create = factories.discord ?? (await import("../discord/index.ts")).createDiscordAdapter;
    adapters.push((services) => create({ ...services, config: discord }));
  }
  const slack = slackConfigOf(config);
  if (slack) {
    const create = factories.slack ?? (await import("../slack/index.ts")).createSlackAdapter;
    adapters.push((services) => create({ ...services, config: slack }));
  }
  return adapters;
}
