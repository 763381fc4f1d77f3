import { expect } from "vitest";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { adaptersFor } from "../../src/app/load-adapters.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import type { Store } from "../../src/core/store/store.ts";
import type { ButtonAction } from "../../src/core/jobs/button-ids.ts";
import { messagesFor } from "../../src/core/i18n/messages.ts";
import { supportedLocales } from "../../src/core/i18n/locales.ts";
import { createDiscordAdapterWith, type DiscordAdapterOptions } from "../../src/discord/index.ts";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import {
  defaultGuild,
  startFakeDiscord,
  type ButtonClickInput,
  type FakeDiscord,
  type FakeMessage,
  type InteractionInput,
} from "../fakes/discord/index.ts";
import { makePng } from "../fakes/png.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";

export const cometApiKey = "test-cometapi-key-discord";
export const guild = defaultGuild;
export const textChannelId = defaultGuild.channels[0]!.id;

/** A re-identify after a dropped gateway would otherwise wait out discord.js's 5 s throttle. */
export const fastIdentify = {
  ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) },
};

/** Distinct real PNGs, so a test can tell which bytes reached Discord. */
export const png = {
  preview: makePng(4, 4, [200, 10, 10]),
  image1: makePng(8, 8, [10, 10, 200]),
  image2: makePng(8, 8, [200, 200, 10]),
};

/** Knobs of the harness itself. */
export interface DiscordHarnessOptions {
  /**
   * The bot's clock (cooldowns, daily limits, job times, elapsed seconds, interaction token ages);
   * the real one by default. The fake Discord stamps its interactions with the same clock, as
   * Discord's and a well-run bot's clocks agree.
   */
  readonly now?: () => number;
}

export interface DiscordHarness {
  readonly discord: FakeDiscord;
  readonly cometapi: FakeCometApi;
  readonly bot: RunningBot;
  readonly log: CapturedLog;
  /** The bot's store, so a test can read (or prune) the job rows behind what people see. */
  readonly store: Store;
  /** Sends `/imagine` with these options; resolves with the interaction's token. */
  imagine(options: Record<string, string | number>, input?: Partial<InteractionInput>): string;
  /**
   * Clicks the bot's button for `action` on a message (by default as user `"800000000000000001"`);
   * returns the click's interaction token. Throws when the message has no such button.
   */
  click(
    message: FakeMessage,
    action: ButtonAction,
    input?: Omit<ButtonClickInput, "messageId" | "customId">,
  ): string;
  /**
   * Resolves once the reply (or a channel message) satisfies `done`, re-checking after every call;
   * on timeout the error names `what` (by default `done`'s own source) and lists the calls.
   */
  waitUntil(done: () => boolean, what?: string): Promise<void>;
  /** Resolves with the interaction's reply once it shows its last word: the result, or a "⚠️" sentence. */
  untilFinal(token: string): Promise<FakeMessage>;
  /**
   * Resolves with the text of the private answer to `token`, once there is one; fails the test
   * unless it is ephemeral and pings nobody.
   */
  privateAnswer(token: string): Promise<string>;
  /**
   * Stops the bot and starts a new one on the same store, fakes and settings, as a restart would;
   * `bot` is the new one once it is connected.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** How a result's caption starts in each language the bot speaks ("**Prompt:** "). */
const captionStarts = supportedLocales.map((locale) =>
  messagesFor(locale).t("discord:result.prompt", { prompt: "" }),
);

/** The job a message's buttons act on, read from their custom ids (`imagine:<action>:<jobId>`). */
export function jobIdOf(message: FakeMessage): string {
  const jobId = /^imagine:[a-z]+:(.+)$/.exec(message.buttons[0]?.customId ?? "")?.[1];
  if (jobId === undefined) throw new Error(`message ${message.id} carries no job button`);
  return jobId;
}

/** The whole bot in-process against the fake Discord and the fake CometAPI. */
export async function startDiscordHarness(
  env: Record<string, string> = {},
  adapterOptions: Omit<DiscordAdapterOptions, "clientOptions"> = {},
  options: DiscordHarnessOptions = {},
): Promise<DiscordHarness> {
  const discord = await startFakeDiscord(options.now && { now: options.now });
  const cometapi = await startFakeCometApi();
  const log = captureLog([cometApiKey, discord.token]);
  const config = loadConfig({
    COMETAPI_API_KEY: cometApiKey,
    COMETAPI_BASE_URL: cometapi.baseUrl,
    COMETAPI_QUOTA_URL: cometapi.quotaUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    IMAGINE_PROGRESS_INTERVAL_MS: "0",
    IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
    ...env,
  });
  const store = createMemoryStore();
  const start = async () =>
    startBot({
      config,
      log: log.log,
      adapters: await adaptersFor(config, {
        discord: createDiscordAdapterWith({ clientOptions: fastIdentify, ...adapterOptions }),
      }),
      store,
      allowLoopbackImageUrls: true,
      backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
      ...(options.now && { now: options.now }),
    });
  let bot = await start();
  await discord.ready();
  return {
    discord,
    cometapi,
    get bot() {
      return bot;
    },
    log,
    store,
    imagine(options, input = {}) {
      const typed = Object.entries(options).map(([name, value]) => ({
        name,
        type: typeof value === "number" ? 4 : 3,
        value,
      }));
      return discord.sendInteraction({ commandName: "imagine", options: typed, ...input }).token;
    },
    click(message, action, input = {}) {
      const customId = message.buttons.find((button) =>
        button.customId?.startsWith(`imagine:${action}:`),
      )?.customId;
      if (customId === undefined) {
        const ids = message.buttons.map((button) => button.customId).join(", ") || "none";
        throw new Error(`message ${message.id} has no ${action} button; its buttons: ${ids}`);
      }
      return discord.clickButton({ ...input, messageId: message.id, customId }).token;
    },
    waitUntil: (done, what = String(done)) => discord.waitUntil(done, what),
    async untilFinal(token) {
      const isFinal = () => {
        const content = discord.messageFor(token)?.content ?? "";
        return content.startsWith("⚠️") || captionStarts.some((start) => content.startsWith(start));
      };
      await discord.waitUntil(isFinal, `the last word of the reply to ${token}`);
      return discord.messageFor(token)!;
    },
    async privateAnswer(token) {
      await discord.waitUntil(() => discord.messageFor(token) !== undefined, `an answer to ${token}`);
      const answer = discord.messageFor(token)!;
      expect(answer.ephemeral).toBe(true);
      expect(answer.allowedMentions).toEqual({ parse: [] });
      return answer.content;
    },
    async restart() {
      await bot.stop();
      // startBot resolves once the new client is ready: connected, identified, guilds cached.
      bot = await start();
    },
    async stop() {
      await bot.stop();
      await Promise.all([discord.close(), cometapi.close()]);
    },
  };
}
