import { webApi } from "@slack/bolt";
import type { AdapterContext, AdapterFactory, PlatformAdapter } from "../core/platform-adapter.ts";
import { createOnceKeys } from "../kit/create-once-keys.ts";
import { createUndiciFetch } from "../kit/create-undici-fetch.ts";
import type { SlackConfig } from "./config.ts";
import { createBoltApp, webApiRetries, type WebApiRetries } from "./inbound/create-bolt-app.ts";
import { createBoltLogger } from "./inbound/create-bolt-logger.ts";
import type { ClaimKey } from "./inbound/claim-delivery.ts";
import { createLocaleLookup } from "./inbound/create-locale-lookup.ts";
import { createUsergroupLookup } from "./inbound/create-usergroup-lookup.ts";
import { createUserLookup } from "./inbound/create-user-lookup.ts";
import { listenForButtons } from "./inbound/listen-for-buttons.ts";
import { listenForDirectMessages } from "./inbound/listen-for-direct-messages.ts";
import { listenForMentions } from "./inbound/listen-for-mentions.ts";
import { listenForSlashCommand } from "./inbound/listen-for-slash-command.ts";
import { listenForVary } from "./inbound/listen-for-vary.ts";
import { resumeInThread } from "./inbound/resume-in-thread.ts";
import { slackFileAccess } from "./inbound/slack-file-access.ts";
import { closeInterrupted } from "./deliver/close-interrupted.ts";
import { finishDelivered } from "./deliver/finish-delivered.ts";
import { postModlog, postNotice } from "./deliver/post-modlog.ts";
import { postSettingChange } from "./deliver/post-admin-change.ts";
import { createCallPool } from "./deliver/create-call-pool.ts";
import { createFileSender, type UploadOptions } from "./deliver/create-file-sender.ts";
import { createMessageLinks } from "./deliver/create-message-links.ts";
import { createPendingEdits } from "./deliver/pending-edits.ts";
import { createSlackBudgets } from "./deliver/slack-budgets.ts";
import type { ShareWait } from "./deliver/share-preview.ts";

/** How long stopping waits for placeholders' last words still on their way. */
const lastWordsGraceMs = 5000;

/** How long stopping lets Slack calls still in flight (an upload, say) finish before cutting them. */
const defaultCloseGraceMs = 2000;

/** Slack lists a file's share about a second after the upload; a preview waits 7.75 s at most. */
const defaultShareWait: ShareWait = { tries: 6, firstDelayMs: 250 };

/** A preview's bytes are sent once, and given less time than a result's: a later one will do. */
const previewUploads = { maxRetries: 0, deadlineMs: 10_000 };

/** Slack retries an event for a few minutes; a delivery is remembered well past that. */
const deliveryMemory = { maxKeys: 10_000, ttlMs: 60 * 60_000 };

/** Knobs for tests; production uses the defaults. */
export interface SlackAdapterOptions {
  /** Retries and deadline of the image uploads (see UploadOptions for the defaults). */
  readonly uploads?: UploadOptions;
  /** Retries of every Web API call. Default webApiRetries (3, from 200 ms apart). */
  readonly webApiRetries?: WebApiRetries;
  /** How long stopping lets calls still in flight finish before cutting them. Default 2000 ms. */
  readonly closeGraceMs?: number;
  /** How often, and how far apart, a preview's share is looked for. Default 6 looks from 250 ms. */
  readonly previewShareWait?: ShareWait;
  /** How long one of a preview's Slack calls may take. Default 10 000 ms. */
  readonly previewCallTimeoutMs?: number;
  /** The longest a request waits for its person's language before it is answered in English. Default 1500 ms. */
  readonly localeWaitMs?: number;
}

/**
 * The Slack adapter: mentions, direct messages, `/imagine` and clicks on a result's buttons in;
 * job events out as a thread with a placeholder, progress edits and the uploaded images.
 */
export function createSlackAdapterWith(options: SlackAdapterOptions = {}): AdapterFactory<SlackConfig> {
  return (services) => buildSlackAdapter(services, options);
}

/** The production adapter factory. */
export const createSlackAdapter: AdapterFactory<SlackConfig> = createSlackAdapterWith();

function buildSlackAdapter(
  { config, imagine, log: rootLog, observer, now, claimOnce, sharedCache }: AdapterContext<SlackConfig>,
  options: SlackAdapterOptions,
): PlatformAdapter {
  const log = rootLog.child({ platform: "slack" });
  // Every time the adapter reads (request timestamps, caches, rate windows, elapsed time) is this
  // clock's, so a test that moves the bot's clock moves all of them.
  const clock = now ?? Date.now;
  // Every HTTP call to Slack (the Web API's, Socket Mode's apps.connections.open, the uploads')
  // goes through undici's `request` on this pool: a burst of deliveries is three calls an image,
  // and Node's `fetch` costs several times the CPU. Socket Mode's WebSocket is its own connection.
  const pool = createCallPool({ keepAliveTimeout: 30_000 });
  const fetch = createUndiciFetch(pool.dispatcher);
  const bolt = createBoltApp(config, log, clock, fetch, options.webApiRetries);
  const sendFileBytes = createFileSender(pool.dispatcher, options.uploads);
  const budgets = createSlackBudgets(clock);
  // A client of its own for what may be dropped (previews, mod-log lines): a rate limit on the
  // adapter's client holds back every call until it passes, the results too; these fail instead.
  const failFast = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    fetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A preview or a line that takes longer than this is not worth waiting for.
    timeout: options.previewCallTimeoutMs ?? 10_000,
    logger: createBoltLogger(log.child({ component: "previews" })),
  });
  // People are read on a client of their own, which refuses a rate limit rather than waiting it
  // out: a burst of newcomers must not hold back every other call of the adapter's client.
  const directory = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    fetch,
    retryConfig: options.webApiRetries ?? webApiRetries,
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: createBoltLogger(log.child({ component: "users" })),
  });
  // People and groups another instance read are shared through the bot's store, when it has one.
  const users = createUserLookup({ client: directory, log, now: clock, sharedCache });
  const context = {
    client: bolt.app.client,
    sendFileBytes,
    imagine,
    inputAccess: slackFileAccess(config.botToken),
    usergroups: createUsergroupLookup({ client: bolt.app.client, log, now: clock, sharedCache }),
    admins: users,
    locales: createLocaleLookup({
      users,
      now: clock,
      ...(options.localeWaitMs !== undefined && { waitMs: options.localeWaitMs }),
    }),
    links: createMessageLinks(bolt.app.client),
    log,
    progressIntervalMs: config.progressIntervalMs,
    budgets,
    previews: {
      client: failFast,
      sendFileBytes: createFileSender(pool.dispatcher, { ...options.uploads, ...previewUploads }),
      turns: budgets.previews,
      wait: options.previewShareWait ?? defaultShareWait,
    },
    pendingEdits: createPendingEdits(),
    observer,
    now: clock,
  };
  // The bot's claims are shared by every instance on its store: a retry that reaches another
  // instance is still a repeat. Built without them, this process remembers alone.
  const claimKey: ClaimKey = claimOnce
    ? (key) => claimOnce(`slack:${key}`, deliveryMemory.ttlMs)
    : rememberInProcess(clock);
  listenForMentions(bolt.app, context, claimKey);
  listenForDirectMessages(bolt.app, context, claimKey);
  listenForSlashCommand(bolt.app, context);
  listenForButtons(bolt.app, context);
  listenForVary(bolt.app, context);
  // Listeners catch their own errors; this catches what Bolt itself raises around them.
  bolt.app.error(async (error) => {
    log.error({ err: error }, "Slack event handling failed");
  });

  let stopped: Promise<void> | undefined;
  async function stop(): Promise<void> {
    try {
      await context.pendingEdits.settled(lastWordsGraceMs);
      await bolt.stop();
    } finally {
      await pool.close(options.closeGraceMs ?? defaultCloseGraceMs);
    }
  }

  return {
    platform: "slack",
    async start() {
      await bolt.start();
      log.info({ mode: config.appToken ? "socket" : "http" }, "Slack adapter started");
    },
    isReady: () => bolt.isReady(),
    // Once: a second stop (a failed start, then shutdown) waits on the first.
    stop: () => (stopped ??= stop()),
    closeInterrupted: (job) => closeInterrupted(bolt.app.client, job, log),
    resumeSink: (record, job) => resumeInThread(context, record, job),
    inputAccess: context.inputAccess,
    finishDelivered: (job) => finishDelivered(bolt.app.client, job, log),
    postModlog: (entry) => postModlog(failFast, entry),
    postNotice: (channelId, text) => postNotice(failFast, channelId, text),
    postSettingChange: (entry) => postSettingChange(failFast, entry),
    ...(bolt.httpListener && { httpListener: bolt.httpListener }),
  };
}

/** Claims keys in this process alone, for an adapter built without the bot's shared claims. */
function rememberInProcess(now: () => number): ClaimKey {
  const keys = createOnceKeys({ maxKeys: deliveryMemory.maxKeys, now });
  return async (key) => keys.claim(key, deliveryMemory.ttlMs);
}
