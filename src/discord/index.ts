import { once } from "node:events";
import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  REST,
  RESTEvents,
  type ClientOptions,
  type Interaction,
  type RESTOptions,
} from "discord.js";
import { Agent } from "undici";
import type { AdapterContext, AdapterFactory, PlatformAdapter } from "../core/platform-adapter.ts";
import { readNetworkFailure } from "../kit/read-network-failure.ts";
import { createOnceKeys } from "../kit/create-once-keys.ts";
import { StartupError } from "../core/errors/startup-error.ts";
import { handleAutocomplete } from "./inbound/handle-autocomplete.ts";
import { handleButton } from "./inbound/handle-button.ts";
import { editImageCommandName } from "./inbound/commands.ts";
import { handleEditCommand } from "./inbound/handle-edit-command.ts";
import { handleEditSubmit } from "./inbound/handle-edit-submit.ts";
import { handleHistory } from "./inbound/handle-history.ts";
import { handleImagine } from "./inbound/handle-imagine.ts";
import { handleVarySubmit } from "./inbound/handle-vary-submit.ts";
import { createPendingEdits } from "./inbound/pending-edits.ts";
import { postModlog, postNotice } from "./deliver/post-modlog.ts";
import { handleUsage } from "./inbound/handle-usage.ts";
import { adminCommandName } from "./inbound/admin-command.ts";
import { handleAdmin } from "./inbound/handle-admin.ts";
import { postSettingChange } from "./deliver/post-admin-change.ts";
import { closeInterrupted } from "./deliver/close-interrupted.ts";
import { resumeReplySink } from "./deliver/resume-reply-sink.ts";
import { discordInputAccess } from "./inbound/discord-input-access.ts";
import { createMakeRequest } from "./deliver/make-request.ts";
import { checkApplication } from "./deliver/check-application.ts";
import { createHttpAnswers } from "./deliver/create-http-answers.ts";
import { interactionPublicKey } from "./inbound/check-interaction-signature.ts";
import { createInteractionsListener } from "./inbound/create-interactions-listener.ts";
import { emitRawInteraction } from "./inbound/emit-raw-interaction.ts";
import { createProgressBudgets } from "./deliver/progress-budgets.ts";
import { parseEditModalId } from "./render/build-edit-modal.ts";
import { summarizeError } from "./render/summarize-error.ts";
import type { DiscordConfig } from "./config.ts";

/** Knobs for tests; production uses the defaults. */
export interface DiscordAdapterOptions {
  /** Extra discord.js client options, laid over ours (tests drop the 5 s identify throttle). */
  readonly clientOptions?: Partial<ClientOptions>;
  /** How often the elapsed time on "Generating…" moves. Default 5000 ms. */
  readonly tickMs?: number;
  /**
   * HTTP mode: how long an interaction waits for its handler's answer before the adapter defers it
   * in the handler's stead (Discord gives up at 3 s). Default 2500 ms.
   */
  readonly answerWithinMs?: number;
}

/**
 * Discord exempts interaction endpoints (the deferral, edits of the reply, follow-ups) from its
 * global limit of 50 requests a second; only their per-route limits apply, which discord.js reads
 * from the headers. discord.js counts every request against one global limit, so the client's REST
 * (which sends the interaction calls) gets a ceiling that never binds, and channel messages go
 * through a REST of their own that keeps the real global limit.
 */
const interactionRequestsPerSecond = 10_000;

/** How long an interaction id is remembered: longer than its signature's 5 minutes. */
const interactionReplayMs = 6 * 60_000;

/**
 * The Discord adapter: `/imagine` and Edit image interactions in, job events out as edits of the
 * deferred reply. It asks only for the Guilds intent: commands arrive as interactions, and no
 * message is read but the one Edit image is used on, which Discord hands over with it. In HTTP
 * mode (DISCORD_MODE=http) the interactions arrive instead as signed POSTs on the bot's HTTP server
 * (`httpListener`), are answered in the HTTP response, and go to the same listeners; the client
 * never connects to the gateway.
 */
export function createDiscordAdapterWith(options: DiscordAdapterOptions = {}): AdapterFactory<DiscordConfig> {
  return ({
    config,
    imagine,
    log: rootLog,
    observer,
    now,
    claimOnce,
  }: AdapterContext<DiscordConfig>): PlatformAdapter => {
    const log = rootLog.child({ platform: "discord" });
    // The bot's clock for everything the adapter times: elapsed seconds, rate windows, and the
    // interaction token's age, which compares it with the time Discord stamped on the interaction.
    const clock = now ?? Date.now;
    const restPool = new Agent({ keepAliveTimeout: 30_000 });
    const restOptions: Partial<RESTOptions> = {
      api: config.apiBaseUrl,
      makeRequest: createMakeRequest(restPool),
    };
    // HTTP mode: Discord POSTs interactions to the bot's HTTP server and takes the first answer
    // only in the HTTP response; there is no gateway, and the client never logs in.
    const http =
      config.mode === "http" && config.publicKey
        ? {
            publicKey: interactionPublicKey(config.publicKey),
            answers: createHttpAnswers({
              log,
              ...(options.answerWithinMs !== undefined && { answerWithinMs: options.answerWithinMs }),
            }),
          }
        : undefined;
    let httpStarted = false;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      // Builds the channel from the interaction's own channel object when the cache lacks it (a
      // private thread the bot was never added to): a thread's parent decides channel rules.
      partials: [Partials.Channel],
      rest: {
        ...restOptions,
        // The interaction callbacks (deferrals, replies, modals) go out through the client's REST.
        ...(http && restOptions.makeRequest && { makeRequest: http.answers.wrap(restOptions.makeRequest) }),
        globalRequestsPerSecond: interactionRequestsPerSecond,
      },
      ...options.clientOptions,
    });
    const channelRest = new REST(restOptions).setToken(config.token);
    // Discord sends each interaction once; one signed request sent again (its signature is good for
    // 5 minutes) must not run twice, on this instance or another sharing the store.
    const seenInteractions = createOnceKeys({ maxKeys: 100_000, now: clock });
    const firstDelivery = async (id: string): Promise<boolean> =>
      claimOnce
        ? claimOnce(`discord:interaction:${id}`, interactionReplayMs)
        : seenInteractions.claim(`${id}`, interactionReplayMs);
    const context = {
      imagine,
      observer,
      rest: channelRest,
      budgets: createProgressBudgets(clock),
      log,
      intervalMs: config.progressIntervalMs,
      tickMs: options.tickMs ?? 5000,
      now: clock,
      // Edit image's pictures while their forms are open: memory only, a restart forgets them.
      pendingEdits: createPendingEdits(clock),
    };

    // Listeners never let a promise reject unhandled: that would end the process.
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      if (interaction.isChatInputCommand() && interaction.commandName === "imagine") {
        void handleImagine(interaction, context);
      } else if (interaction.isChatInputCommand() && interaction.commandName === "imagine-history") {
        void handleHistory(interaction, context);
      } else if (interaction.isChatInputCommand() && interaction.commandName === "imagine-usage") {
        void handleUsage(interaction, context);
      } else if (interaction.isChatInputCommand() && interaction.commandName === adminCommandName) {
        void handleAdmin(interaction, context);
      } else if (
        interaction.isMessageContextMenuCommand() &&
        interaction.commandName === editImageCommandName
      ) {
        void handleEditCommand(interaction, context);
      } else if (interaction.isButton()) {
        void handleButton(interaction, context);
      } else if (interaction.isModalSubmit() && parseEditModalId(interaction.customId) !== undefined) {
        void handleEditSubmit(interaction, context);
      } else if (interaction.isModalSubmit()) {
        void handleVarySubmit(interaction, context);
      } else if (interaction.isAutocomplete() && interaction.commandName === "imagine") {
        handleAutocomplete(interaction, config.images).catch((error: unknown) =>
          log.warn({ error: summarizeError(error) }, "autocomplete failed"),
        );
      }
    });
    client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
    client.on(Events.Warn, (message) => log.warn(message));
    client.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, "Discord gateway closed"));
    client.on(Events.ShardResume, () => log.info("Discord gateway resumed"));
    // discord.js waits these out itself (it reads Retry-After); logged so an operator sees them.
    for (const rest of [client.rest, channelRest]) {
      rest.on(RESTEvents.RateLimited, (info) =>
        log.debug({ route: info.route, retryAfterMs: info.retryAfter }, "Discord rate limit: waiting"),
      );
    }

    /** HTTP mode's start: the REST token set and checked, nothing connected. */
    async function startHttp(publicKey: string): Promise<void> {
      client.rest.setToken(config.token);
      const application = await checkApplication(channelRest, publicKey, config.apiBaseUrl);
      httpStarted = true;
      log.info({ application: application.id, mode: "http" }, "Discord adapter started");
    }

    return {
      platform: "discord",
      async start() {
        if (http && config.publicKey) return startHttp(config.publicKey);
        const stopWaiting = new AbortController();
        // clientReady, not login's promise: login resolves before the guilds have arrived.
        const ready = once(client, Events.ClientReady, { signal: stopWaiting.signal });
        ready.catch(() => undefined); // settled below, or abandoned when login fails
        try {
          await client.login(config.token);
        } catch (error) {
          stopWaiting.abort();
          const network = readNetworkFailure(error);
          throw new StartupError(
            network
              ? `could not reach Discord at DISCORD_API_BASE_URL=${config.apiBaseUrl} (${network}): the network failed, not the token; check the network or DISCORD_API_BASE_URL`
              : `Discord refused to log in (${(error as Error).message}); check DISCORD_TOKEN`,
            { cause: error },
          );
        }
        await ready;
        log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "Discord adapter started");
      },
      isReady: () => (http ? httpStarted : client.isReady()),
      closeInterrupted: (job) => closeInterrupted(job, { rest: channelRest, now: clock, log }),
      resumeSink: (record, job) => resumeReplySink(client, record, job, context),
      inputAccess: discordInputAccess,
      postModlog: (entry) => postModlog(channelRest, entry),
      postNotice: (channelId, text) => postNotice(channelRest, channelId, text),
      postSettingChange: (entry) => postSettingChange(channelRest, entry),
      ...(http && {
        httpListener: createInteractionsListener({
          publicKey: http.publicKey,
          isReady: () => httpStarted,
          now: clock,
          log,
          receive(interaction, response) {
            void firstDelivery(interaction.id).then((first) => {
              if (!first) {
                log.warn({ interactionId: interaction.id }, "refused a Discord interaction delivered again");
                response
                  .writeHead(401, { "content-type": "text/plain" })
                  .end("interaction already received\n");
                return;
              }
              http.answers.expect(interaction, response);
              emitRawInteraction(client, interaction);
            });
          },
        }),
      }),
      stop: async () => {
        httpStarted = false;
        http?.answers.stop();
        channelRest.clearHashSweeper();
        channelRest.clearHandlerSweeper();
        await client.destroy();
        if (!restPool.closed) await restPool.close();
      },
    };
  };
}

/** The production adapter factory. */
export const createDiscordAdapter: AdapterFactory<DiscordConfig> = createDiscordAdapterWith();
