import { adaptersFor } from "../../src/app/load-adapters.ts";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import type { Store } from "../../src/core/store/store.ts";
import { eventsPath } from "../../src/slack/inbound/create-http-listener.ts";
import { createSlackAdapterWith, type SlackAdapterOptions } from "../../src/slack/index.ts";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import {
  startFakeSlack,
  type FakeMessage,
  type FakeSlack,
  type InteractionAck,
} from "../fakes/slack/index.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";
import { startSlackAdmins } from "../support/slack-admins.ts";

/** A channel the bot is in, and people who talk to it. */
export const channel = "C0CHAN0001";
export const dmChannel = "D0DIRECT01";
export const alice = "U0ALICE001";
export const bob = "U0BOB00001";

export const cometApiKey = "test-cometapi-key-0001";
export const signingSecret = "test-signing-secret-0001";

/** Distinct real PNGs, so a test can tell which bytes reached Slack. */
export const png = {
  preview1: makePng(4, 4, [200, 10, 10]),
  preview2: makePng(4, 4, [10, 200, 10]),
  image1: makePng(8, 8, [10, 10, 200]),
  image2: makePng(8, 8, [200, 200, 10]),
  /** A person's picture, shared with a request to edit it. */
  photo: makePng(6, 6, [90, 60, 30]),
};

/** A promise the test resolves when the fake CometAPI may send its final image. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export { resultUploads } from "../support/result-uploads.ts";

export interface HarnessOptions {
  /** Extra environment for loadConfig (SLACK_ALLOWED_CHANNEL_IDS, …). */
  readonly env?: Record<string, string>;
  /** "http" drops SLACK_APP_TOKEN and sets SLACK_SIGNING_SECRET. Default "socket". */
  readonly mode?: "socket" | "http";
  readonly usergroups?: Record<string, string[]>;
  /** People's Slack locales (`ja-JP`); everyone else's is `en-US`. */
  readonly locales?: Record<string, string>;
  /** People Slack names workspace admins (`users.info`); the fake names nobody. */
  readonly admins?: readonly string[];
  /** The bot's clock; the real one by default. */
  readonly now?: () => number;
  /** The adapter's knobs, laid over the harness's (retries 1 ms apart instead of 200 ms and more). */
  readonly adapter?: SlackAdapterOptions;
}

/**
 * Retries a millisecond apart, as many as in production: a test that makes Slack fail waits on
 * no real backoff. Retry-After is still waited out as Slack asks.
 */
const quickRetries = {
  uploads: { minTimeoutMs: 1, maxTimeoutMs: 1 },
  previewShareWait: { tries: 6, firstDelayMs: 1 },
  previewCallTimeoutMs: 1000,
  webApiRetries: { retries: 3, factor: 1, minTimeout: 1, maxTimeout: 1 },
};

/** The whole bot running in-process against the fake Slack and the fake CometAPI. */
export interface Harness {
  readonly slack: FakeSlack;
  readonly cometapi: FakeCometApi;
  readonly bot: RunningBot;
  /** The bot's store (in memory): the job records a test may read or seed. */
  readonly store: Store;
  readonly log: CapturedLog;
  /** Sends `@bot text` as an app_mention from `user` in `channel`; resolves with the mention's ts once Bolt acked it. */
  mention(text: string, options?: MentionOptions): Promise<string>;
  /**
   * Resolves with the thread once `done` holds for it, checking again after every Slack call; on
   * timeout the error names the thread and `done`'s source and lists the calls.
   */
  waitForThread(
    channelId: string,
    threadTs: string,
    done: (messages: FakeMessage[]) => boolean,
  ): Promise<FakeMessage[]>;
  /** Resolves with the thread a slash command started under its announcement, once `done` holds for it. */
  waitForSlashCommandThread(
    channelId: string,
    done: (messages: FakeMessage[]) => boolean,
  ): Promise<FakeMessage[]>;
  /** Texts the bot gave the placeholder, in order: its post, then each edit. */
  placeholderHistory(channelId: string, threadTs: string): string[];
  /**
   * `user` clicks the job button for `action` (`imagine:<action>:…`) in `message`, over Socket
   * Mode or, in HTTP mode, POSTed to the bot's HTTP server; resolves with the bot's ack.
   */
  click(message: FakeMessage, action: string, user: string): Promise<InteractionAck>;
  stop(): Promise<void>;
}

/** The job buttons in a message, as `{ action_id, value, label }`. */
export function buttonsIn(
  message: FakeMessage | undefined,
): { action_id: string; value: string; label: string }[] {
  const blocks = Array.isArray(message?.blocks)
    ? (message.blocks as { type: string; elements?: unknown[] }[])
    : [];
  return blocks
    .filter((block) => block.type === "actions")
    .flatMap(
      (block) => (block.elements ?? []) as { action_id: string; value: string; text: { text: string } }[],
    )
    .map(({ action_id, value, text }) => ({ action_id, value, label: text.text }));
}

/** The message in a thread that carries job buttons (a job's last word). */
export const withButtons = (messages: FakeMessage[]) =>
  messages.filter((message) => buttonsIn(message).length > 0);

export interface MentionOptions {
  readonly user?: string;
  readonly channelId?: string;
  readonly ts?: string;
  readonly eventId?: string;
  readonly retryAttempt?: number;
  /** The message's `files[]` (from `slack.shareFile`): an image makes the mention an edit. */
  readonly files?: readonly Record<string, unknown>[];
}

/** Starts the fakes and the bot; `stop()` takes everything down again. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  // The fake stamps signed requests (and ages trigger ids) on the bot's clock.
  const slack = await startFakeSlack({
    usergroups: options.usergroups ?? {},
    ...(options.locales && { locales: options.locales }),
    ...(options.now && { now: options.now }),
  });
  const cometapi = await startFakeCometApi();
  const admins = options.admins ? await startSlackAdmins(slack.apiUrl, options.admins) : undefined;
  const mode = options.mode ?? "socket";
  const log = captureLog([cometApiKey, slack.botToken, slack.appToken, signingSecret]);
  const config = loadConfig({
    COMETAPI_API_KEY: cometApiKey,
    COMETAPI_BASE_URL: cometapi.baseUrl,
    COMETAPI_QUOTA_URL: cometapi.quotaUrl,
    SLACK_BOT_TOKEN: slack.botToken,
    ...(mode === "socket" ? { SLACK_APP_TOKEN: slack.appToken } : { SLACK_SIGNING_SECRET: signingSecret }),
    SLACK_API_URL: admins?.apiUrl ?? slack.apiUrl,
    PORT: "0",
    HOST: "127.0.0.1",
    IMAGINE_PROGRESS_INTERVAL_MS: "0",
    // Jobs a test leaves running are stopped at once instead of after a 20 s grace.
    IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
    ...options.env,
  });
  const store = createMemoryStore();
  let bot: RunningBot;
  try {
    bot = await startBot({
      config,
      log: log.log,
      adapters: await adaptersFor(config, {
        slack: createSlackAdapterWith({
          ...quickRetries,
          ...options.adapter,
          uploads: { ...quickRetries.uploads, ...options.adapter?.uploads },
        }),
      }),
      // In memory: nothing is written under DATA_DIR by a test.
      store,
      allowLoopbackImageUrls: true,
      backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
      ...(options.now && { now: options.now }),
    });
  } catch (error) {
    await Promise.all([slack.close(), cometapi.close(), admins?.close()]);
    throw error;
  }
  // HTTP mode: clicks and modal submissions are POSTed to the same URL as events.
  if (mode === "http") {
    slack.setInteractivityUrl({ url: `http://127.0.0.1:${bot.http.port}${eventsPath}`, signingSecret });
  }

  const waitForThread: Harness["waitForThread"] = async (channelId, threadTs, done) => {
    const thread = () => slack.messagesIn(channelId, threadTs);
    await slack.waitUntil(() => done(thread()), `thread ${channelId}/${threadTs} to satisfy ${String(done)}`);
    return thread();
  };

  return {
    slack,
    cometapi,
    bot,
    store,
    log,
    async mention(text, mention = {}) {
      const ts = mention.ts ?? slack.newTs();
      await slack.sendEvent(
        {
          type: "app_mention",
          user: mention.user ?? alice,
          text: `<@${slack.botUserId}> ${text}`,
          channel: mention.channelId ?? channel,
          ts,
          ...(mention.files && { files: mention.files }),
        },
        {
          ...(mention.eventId && { eventId: mention.eventId }),
          ...(mention.retryAttempt && { retryAttempt: mention.retryAttempt, retryReason: "timeout" }),
        },
      );
      return ts;
    },
    waitForThread,
    async waitForSlashCommandThread(channelId, done) {
      const announcement = await slack.waitForCall(
        (call) =>
          call.method === "chat.postMessage" &&
          call.args["channel"] === channelId &&
          call.args["thread_ts"] === undefined,
      );
      return waitForThread(channelId, (announcement.response as { ts: string }).ts, done);
    },
    placeholderHistory(channelId, threadTs) {
      const post = slack.calls.find(
        (call) =>
          call.method === "chat.postMessage" &&
          call.args["channel"] === channelId &&
          call.args["thread_ts"] === threadTs,
      );
      const ts = (post?.response as { ts?: string } | undefined)?.ts;
      if (!post || !ts) return [];
      const edits = slack.calls.filter(
        (call) =>
          call.method === "chat.update" &&
          call.status === 200 &&
          (call.response as { ok?: boolean }).ok === true &&
          call.args["ts"] === ts,
      );
      return [post, ...edits].map((call) => String(call.args["text"]));
    },
    click(message, action, user) {
      const button = buttonsIn(message).find((each) => each.action_id.startsWith(`imagine:${action}:`));
      if (!button) throw new Error(`no ${action} button in ${JSON.stringify(message)}`);
      return slack.clickAction({
        channelId: message.channel,
        messageTs: message.ts,
        actionId: button.action_id,
        userId: user,
      });
    },
    async stop() {
      await bot.stop();
      await Promise.all([slack.close(), cometapi.close(), admins?.close()]);
    },
  };
}

/** True once the thread holds a message with files: the images arrived. */
export const hasImages = (messages: FakeMessage[]) => messages.some((message) => message.files?.length);

/** True once the placeholder shows a last word (done or a failure). */
export const hasLastWord = (messages: FakeMessage[]) =>
  messages.some((message) => /^:(white_check_mark|warning):/.test(message.text));
