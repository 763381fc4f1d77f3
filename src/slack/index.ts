import type { AdapterFactory } from "../app/start-bot.ts";
import { createAdminLookup } from "./inbound/create-admin-lookup.ts";
import { createBoltApp } from "./inbound/create-bolt-app.ts";
import { createRecentKeys } from "./inbound/create-recent-keys.ts";
import { createUsergroupLookup } from "./inbound/create-usergroup-lookup.ts";
import { listenForDirectMessages } from "./inbound/listen-for-direct-messages.ts";
import { listenForMentions } from "./inbound/listen-for-mentions.ts";
import { listenForSlashCommand } from "./inbound/listen-for-slash-command.ts";
import { createPendingEdits } from "./deliver/pending-edits.ts";
import { createSlackBudgets } from "./deliver/slack-budgets.ts";

/** How long stopping waits for placeholders' last words still on their way. */
const lastWordsGraceMs = 5000;

/** Slack retries an event for a few minutes; a delivery is remembered well past that. */
const deliveryMemory = { maxKeys: 10_000, ttlMs: 60 * 60_000 };

/**
 * The Slack adapter: mentions, direct messages and `/imagine` in; job events out as a thread with
 * a placeholder, progress edits and the uploaded images. Needs `config.slack`.
 */
export const createSlackAdapter: AdapterFactory = ({ config, imagine, log: rootLog, observer, now }) => {
  const slack = config.slack;
  if (!slack) throw new Error("createSlackAdapter needs config.slack (set SLACK_BOT_TOKEN)");
  const log = rootLog.child({ platform: "slack" });
  const bolt = createBoltApp(slack, log, now ?? Date.now);
  const context = {
    client: bolt.app.client,
    imagine,
    usergroups: createUsergroupLookup({ client: bolt.app.client, log }),
    admins: createAdminLookup({ client: bolt.app.client, log }),
    log,
    progressIntervalMs: config.progressIntervalMs,
    partialImages: config.images.partialImages,
    budgets: createSlackBudgets(),
    pendingEdits: createPendingEdits(),
    observer,
    now: now ?? Date.now,
  };
  const recent = createRecentKeys(deliveryMemory);
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
      log.info({ mode: slack.appToken ? "socket" : "http" }, "Slack adapter started");
    },
    isReady: () => bolt.isReady(),
    async stop() {
      await context.pendingEdits.settled(lastWordsGraceMs);
      await bolt.stop();
    },
    ...(bolt.httpListener && { httpListener: bolt.httpListener }),
  };
};
