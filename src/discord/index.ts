import { once } from "node:events";
import {
  Client,
  Events,
  GatewayIntentBits,
  type ClientOptions,
  type Interaction,
  type RESTOptions,
} from "discord.js";
import type { AdapterFactory } from "../bot.ts";
import { handleAutocomplete } from "./handle-autocomplete.ts";
import { handleImagine } from "./handle-imagine.ts";

export interface DiscordAdapterOptions {
  /** Extra discord.js client options (tests shorten the identify throttle). */
  readonly clientOptions?: Partial<ClientOptions>;
  readonly now?: () => number;
}

/**
 * The Discord adapter: `/imagine` interactions in, job events out as edits of the deferred reply.
 * Needs only the Guilds intent: slash commands arrive as interactions, no message content needed.
 */
export function createDiscordAdapterWith(options: DiscordAdapterOptions = {}): AdapterFactory {
  return ({ config, imagine, log: rootLog }) => {
    const discord = config.discord;
    if (!discord) throw new Error("createDiscordAdapter needs config.discord (set DISCORD_TOKEN)");
    const log = rootLog.child({ platform: "discord" });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      // Node's own fetch, not discord.js's bundled undici 6: undici versions share one global
      // dispatcher, and once undici 7 (ours) has installed it, undici 6 hands it a multipart
      // body it can't read ("action is not a function"). fetch encodes the body itself.
      rest: { api: discord.apiBaseUrl, makeRequest: fetch as NonNullable<RESTOptions["makeRequest"]> },
      ...options.clientOptions,
    });
    const context = {
      imagine,
      rest: client.rest,
      log,
      intervalMs: config.progressIntervalMs,
      now: options.now ?? Date.now,
    };

    // An async listener that throws is an unhandled rejection, which ends Node: catch it all.
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isChatInputCommand() && interaction.commandName === "imagine") {
        void handleImagine(interaction, context);
      } else if (interaction.isAutocomplete() && interaction.commandName === "imagine") {
        handleAutocomplete(interaction, config.images).catch((error: unknown) =>
          log.warn({ err: error }, "autocomplete failed"),
        );
      }
    });
    client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
    client.on(Events.ShardDisconnect, (event) =>
      log.warn({ code: event.code }, "Discord gateway disconnected"),
    );

    return {
      platform: "discord",
      async start() {
        const ready = once(client, Events.ClientReady);
        try {
          await client.login(discord.token);
        } catch (error) {
          throw new Error(
            `Discord refused to log in (${String((error as Error).message)}); check DISCORD_TOKEN`,
            {
              cause: error,
            },
          );
        }
        await ready;
        log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "Discord adapter started");
      },
      isReady: () => client.isReady(),
      stop: () => client.destroy(),
    };
  };
}

export const createDiscordAdapter: AdapterFactory = createDiscordAdapterWith();
