import { Agent } from "undici";
import type { AdapterFactory } from "../core/platform-adapter.ts";
import { createUndiciFetch } from "../kit/create-undici-fetch.ts";
import type { SlackConfig } from "./config.ts";
import { createAdminLookup } from "./inbound/create-admin-lookup.ts";
import { createBoltApp } from "./inbound/create-bolt-app.ts";
import { createRecentKeys } from "./inbound/create-recent-keys.ts";
import { createUsergroupLookup } from "./inbound/create-usergroup-lookup.ts";
import { listenForDirectMessages } from "./inbound/listen-for-direct-messages.ts";
import { listenForMentions } from "./inbound/listen-for-mentions.ts";
import { listenForSlashCommand } from "./inbound/listen-for-slash-command.ts";
import { createFileSender } from "./deliver/create-file-sender.ts";
import { createPendingEdits } from "./deliver/pending-edits.ts";
import { createSlackBudgets } from "./deliver/slack-budgets.ts";

/** How long stopping waits for placeholders' last words still on their way. */
const lastWordsGraceMs = 5000;

/** Slack retries an event for a few minutes; a delivery is remembered well past that. */
const deliveryMemory = { maxKeys: 10_000, ttlMs: 60 * 60_000 };

/**
 * The Slack adapter: mentions, direct messages and `/imagine` in; job events out as a thread with
 * a placeholder, progress edits and the uploaded images.
 */
export const createSlackAdapter: AdapterFactory<SlackConfig> = ({
  config,
  imagine,
  log: rootLog,
  observer,
  now,
}) => {
  const log = rootLog.child({ platform: "slack" });
  // Every time the adapter reads (request timestamps, caches, rate windows, elapsed time) is this
  // clock's, so a test that moves the bot's clock moves all of them.
  const clock = now ?? Date.now;
  // Every call to Slack (the Web API's, the uploads') goes through undici's `request` on this pool:
  // a burst of deliveries is three calls an image, and Node's `fetch` costs several times the CPU.
  const pool = new Agent({ keepAliveTimeout: 30_000 });
  const bolt = createBoltApp(config, log, clock, createUndiciFetch(pool));
  const context = {
    client: bolt.app.client,
    sendFileBytes: createFileSender(pool),
    imagine,
    usergroups: createUsergroupLookup({ client: bolt.app.client, log, now: clock }),
    admins: createAdminLookup({ client: bolt.app.client, log, now: clock }),
    log,
    progressIntervalMs: config.progressIntervalMs,
    budgets: createSlackBudgets(clock),
    pendingEdits: createPendingEdits(),
    observer,
    now: clock,
  };
  const recent = createRecentKeys({ ...deliveryMemory, now: clock });
  listenForMentions(bolt.app, context, recent);
  listenForDirectMessages(bolt.app, context, recent);
  listenForSlashCommand(bolt.app, context);
  // Listeners catch their own errors; this catches what Bolt itself raises around them.
  bolt.app.error(async (error) => {
    log.error({ err: error }, "Slack event handling failed");
  });

  return {
    platform: "slack",
    async start() {
      await bolt.start();
      log.info({ mode: config.appToken ? "socket" : "http" }, "Slack adapter started");
    },
    isReady: () => bolt.isReady(),
    async stop() {
      await context.pendingEdits.settled(lastWordsGraceMs);
      await bolt.stop();
      await pool.close();
    },
    ...(bolt.httpListener && { httpListener: bolt.httpListener }),
  };
};
