import type { Logger } from "pino";
import { Registry } from "prom-client";
import { Agent } from "undici";
import type { ConfiguredAdapter, PlatformAdapter } from "../core/platform-adapter.ts";
import { ConfigError, type Config } from "../config/config.ts";
import type { SettingsLog } from "../core/settings/administer.ts";
import type { ModerationLog } from "../core/moderation/moderation-entry.ts";
import { InvalidBlockedTerm } from "../core/moderation/blocked-terms.ts";
import type { Platform } from "../core/policy/actor.ts";
import { watchPolicyFile } from "./watch-policy-file.ts";
import { createPriceList } from "../core/money/create-price-list.ts";
import { estimateCostUsd } from "../core/money/estimate-cost.ts";
import { findModel } from "../core/requests/models.ts";
import { formatUsd } from "../kit/format-usd.ts";
import { fetchPriceCatalog } from "../core/provider/fetch-price-catalog.ts";
import { fetchBalance } from "../core/provider/fetch-balance.ts";
import { watchBalance, type BalanceWatch } from "../core/money/watch-balance.ts";
import { createGuardedDispatcher } from "../core/provider/fetch-image-url.ts";
import { createImagine } from "../core/jobs/imagine.ts";
import { createBullmqQueue } from "../core/jobs/shared-queue/create-bullmq-queue.ts";
import type { JobRecord } from "../core/jobs/job-record.ts";
import type { Imagine } from "../core/jobs/submission.ts";
import { startJobRetention } from "../core/jobs/prune-jobs.ts";
import { interruptLeftJobs, tellInterruptedJobs } from "../core/jobs/recover-jobs.ts";
import { startLeftJobSweep, type LeftJobSweep } from "../core/jobs/sweep-left-jobs.ts";
import { createPolicy } from "../core/policy/policy.ts";
import type { BackoffPolicy } from "../core/provider/backoff.ts";
import { createCometApiProvider } from "../core/provider/cometapi.ts";
import type { ImageProvider } from "../core/provider/types.ts";
import { watchProviderAccess, type Repeat } from "../core/provider/watch-provider-access.ts";
import type { Store } from "../core/store/store.ts";
import { StoreUnavailableError } from "../core/store/store-unavailable-error.ts";
import { settleWithin } from "../kit/settle-within.ts";
import { createMetrics } from "./metrics.ts";
import { startHttpServer, type HttpServer } from "./http/http-server.ts";
import { openStore } from "./open-store.ts";
import { shareStoreCache } from "./share-store-cache.ts";
import { routePlatformRequests } from "./http/route-platform-requests.ts";

/** How long a stop waits for people still being told that a restart interrupted their job. */
const recoveryGraceMs = 5000;

export interface BotOptions {
  readonly config: Config;
  readonly log: Logger;
  /** The adapters that the configuration asks for, each given its settings (see `adaptersFor`). */
  readonly adapters: readonly ConfiguredAdapter[];
  /** Counters' home; by default the Redis at REDIS_URL, else the SQLite file under DATA_DIR. */
  readonly store?: Store;
  readonly provider?: ImageProvider;
  /**
   * Lets edit inputs and result URLs point at loopback over http: only for tests against local
   * fakes. IMAGINE_ALLOW_LOOPBACK_URLS turns it on too.
   */
  readonly allowLoopbackImageUrls?: boolean;
  readonly backoff?: BackoffPolicy;
  readonly now?: () => number;
  /** Timer of the provider's key check (every minute by default); tests step it by hand. */
  readonly repeatAccessCheck?: Repeat;
  /**
   * Reads the configuration again (the environment and the policy file), for when the policy file
   * changes: its rules are put in force without a restart. Without it the file is not watched.
   */
  readonly reloadConfig?: () => Config;
}

export interface RunningBot {
  readonly imagine: Imagine;
  readonly http: HttpServer;
  readonly adapters: readonly PlatformAdapter[];
  /** Graceful stop: refuse new work, finish or stop jobs within the grace period, disconnect. */
  stop(): Promise<void>;
  /** Re-reads the policy file now (SIGHUP); a file that cannot be used leaves the rules as they are. */
  reloadPolicy(): void;
}

/** Builds and starts everything the configuration asks for. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, log } = options;
  const now = options.now ?? Date.now;
  const allowLoopback = options.allowLoopbackImageUrls === true || config.allowLoopbackUrls;
  if (allowLoopback) {
    log.warn(
      "IMAGINE_ALLOW_LOOPBACK_URLS is on: edit inputs and result images may be plain http on loopback; " +
        "for tests only, never in production",
    );
  }
  // One registry per bot, never prom-client's global one: each bot (and test) serves its own.
  const registry = new Registry();
  const observer = createMetrics({
    registry,
    queueDepth: () => imagine.stats(),
    // Only CometAPI's balance is known, and only with its provider (see `balance` below).
    ...(!options.provider && { balance: { latest: () => balance?.latest() } }),
  });
  const store = options.store ?? (await openStore(config, log, now));
  // Redis mode: jobs wait in a queue every instance shares, and any instance's worker runs them.
  const { sharedJobs } = store;
  const sharedQueue =
    config.redis && sharedJobs
      ? await createBullmqQueue({
          url: config.redis.url,
          prefix: config.redis.prefix,
          concurrency: config.limits.concurrency,
          // A dead worker's job reaches another worker only once its instance's lease has run out.
          lockDurationMs: Math.max(30_000, config.redis.leaseMs),
          log: log.child({ component: "queue" }),
        }).catch(async (error: unknown) => {
          await store.close();
          throw error;
        })
      : undefined;
  const apiDispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const imageDispatcher = createGuardedDispatcher(allowLoopback);
  const provider =
    options.provider ??
    createCometApiProvider({
      apiKey: config.cometapi.apiKey,
      baseUrl: config.cometapi.baseUrl,
      timeoutMs: config.cometapi.timeoutMs,
      idleTimeoutMs: config.cometapi.idleTimeoutMs,
      maxRetries: config.cometapi.maxRetries,
      partialImages: config.images.partialImages,
      imageFetch: {
        maxBytes: config.images.maxImageBytes,
        timeoutMs: 60_000,
        allowLoopback,
      },
      inputImages: { maxBytes: config.images.maxInputImageBytes, allowLoopback },
      dispatcher: apiDispatcher,
      imageDispatcher,
      observer,
      ...(options.backoff && { backoff: options.backoff }),
    });
  // CometAPI's catalog only for the CometAPI provider: a provider a test brings has its own prices.
  const prices = createPriceList({
    overrides: config.prices,
    ...(!options.provider && {
      fetchCatalog: (signal: AbortSignal) =>
        fetchPriceCatalog(config.cometapi.baseUrl, apiDispatcher, signal),
    }),
    log,
  });
  // Likewise CometAPI's balance: a provider a test brings is never asked about an account.
  const { quotaUrl } = config.balance;
  const balance: BalanceWatch | undefined =
    options.provider || quotaUrl === undefined
      ? undefined
      : watchBalance({
          fetch: (signal) =>
            fetchBalance(
              quotaUrl,
              config.balance.quotaKey ?? config.cometapi.apiKey,
              apiDispatcher,
              signal,
              now,
            ),
          everyMs: config.balance.everyMs,
          lowUsd: config.balance.lowUsd,
          log,
          // The watcher logs it; the operator reads it in each platform's own mod-log channel.
          onLow: (reading) => postLowBalance(reading.accountUsd),
        });
  const policy = createPolicy({
    access: config.rules.access,
    users: config.rules.users,
    ...config.rules.limits,
    moderation: config.rules.moderation,
    estimateUsd: (request) =>
      estimateCostUsd(
        request,
        prices,
        findModel(request.model)?.streamsPartials ? config.images.partialImages : 0,
      ),
    maxQueuedPerUser: config.limits.maxQueuedPerUser,
    operatorUserIds: config.operatorUserIds,
    images: {
      defaultModel: config.images.defaultModel,
      ...(config.images.defaultSize && { defaultSize: config.images.defaultSize }),
      ...(config.images.defaultQuality && { defaultQuality: config.images.defaultQuality }),
      models: config.images.models,
    },
    ...(config.rules.fromPolicyFile && { fromPolicyFile: config.rules.fromPolicyFile }),
    ...(config.rules.lockedSettings && { lockedSettings: config.rules.lockedSettings }),
    store,
    now,
  });
  // The adapters are built after the core; a refusal reaches the one of its platform.
  const adapterOf = new Map<Platform, PlatformAdapter>();
  const moderationLog: ModerationLog = (entry) => {
    log.info(
      { platform: entry.platform, channelId: entry.channelId, userId: entry.userId, rule: entry.rule.kind },
      "prompt refused for moderation",
    );
    adapterOf
      .get(entry.platform)
      ?.postModlog(entry)
      .catch((error: unknown) =>
        log.warn(
          { err: error, modlogChannelId: entry.modlogChannelId },
          "could not post in the mod-log channel; check that the bot may send messages there",
        ),
      );
  };
  const settingsLog: SettingsLog = (entry) => {
    const { platform, workspaceId, userId, change } = entry;
    log.info({ platform, workspaceId, userId, change }, "settings changed in chat");
    adapterOf
      .get(platform)
      ?.postSettingChange(entry)
      .catch((error: unknown) =>
        log.warn(
          { err: error, modlogChannelId: entry.modlogChannelId },
          "could not post in the mod-log channel; check that the bot may send messages there",
        ),
      );
  };
  const imagine = createImagine({
    settings: config.images,
    concurrency: config.limits.concurrency,
    memoryBytes: config.limits.memoryBytes,
    provider,
    partialImages: config.images.partialImages,
    policy,
    jobs: store,
    retentionDays: config.jobRetentionDays,
    allowLoopbackInputs: allowLoopback,
    log,
    observer,
    moderationLog,
    settingsLog,
    prices,
    ...(balance && { balance }),
    now,
    ...(sharedQueue &&
      sharedJobs && {
        shared: { queue: sharedQueue, store: sharedJobs, adapterOf: (platform) => adapterOf.get(platform) },
      }),
  });

  // A delivery is claimed in the store, so a platform's retry that reaches another instance is
  // still a repeat; a store that cannot answer lets the request go on to meet its own refusal.
  const claimOnce = (key: string, ttlMs: number) =>
    store.claimOnce(key, ttlMs).catch((error: unknown) => {
      if (!(error instanceof StoreUnavailableError)) log.error({ err: error }, "claiming a delivery failed");
      return true;
    });
  const sharedCache = shareStoreCache(store, log);
  const adapters = options.adapters.map((build) =>
    build({ imagine, log, observer, now, claimOnce, ...(sharedCache && { sharedCache }) }),
  );
  for (const adapter of adapters) adapterOf.set(adapter.platform, adapter);

  /** Tells every mod-log channel, once per crossing (the watcher decides when), that the balance is low. */
  function postLowBalance(balanceUsd: number): void {
    const text =
      `CometAPI's balance is ${formatUsd(balanceUsd)}, below the ${formatUsd(config.balance.lowUsd)} ` +
      "set in IMAGINE_LOW_BALANCE_USD: top it up to keep images coming.";
    for (const adapter of adapters) {
      for (const channelId of policy.modlogChannels(adapter.platform)) {
        adapter
          .postNotice(channelId, text)
          .catch((error: unknown) =>
            log.warn(
              { err: error, modlogChannelId: channelId },
              "could not post the low balance in the mod-log channel",
            ),
          );
      }
    }
  }

  function reloadPolicy(): void {
    if (!options.reloadConfig) return;
    try {
      const next = options.reloadConfig();
      policy.replaceRules(next.rules, next.limits.maxQueuedPerUser);
      prices.replaceOverrides(next.prices);
      log.info({ policyFile: next.policyFile }, "policy file read again; its rules are in force");
    } catch (error) {
      const problems =
        error instanceof ConfigError
          ? error.problems
          : error instanceof InvalidBlockedTerm
            ? [error.message]
            : [String(error)];
      log.error({ problems }, "the policy file cannot be used; the rules in force stay until it is fixed");
    }
  }
  let stopping = false;
  const { checkAccess } = provider;
  const access =
    checkAccess &&
    watchProviderAccess({
      check: (signal) => checkAccess.call(provider, signal),
      baseUrl: config.cometapi.baseUrl,
      log,
      ...(options.repeatAccessCheck && { repeat: options.repeatAccessCheck }),
    });
  const whyNotReady = () => {
    if (stopping) return "shutting down";
    if (store.isReady?.() === false) {
      return `the store does not answer${config.redis ? ` (Redis at ${config.redis.address})` : ""}`;
    }
    if (sharedQueue?.isReady() === false) return "the shared queue does not answer";
    const waiting = adapters.find((adapter) => !adapter.isReady());
    return waiting ? `${waiting.platform} is not connected` : access?.problem();
  };
  const release = async () => {
    await sharedQueue?.close();
    return Promise.allSettled([store.close(), apiDispatcher.close(), imageDispatcher.close()]);
  };
  const httpListener = routePlatformRequests(adapters);
  const http = await startHttpServer({
    port: config.port,
    host: config.host,
    whyNotReady,
    metrics: () => registry.metrics(),
    ...(httpListener && { fallback: httpListener }),
  }).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  let delivered: JobRecord[] = [];
  try {
    // Before any adapter takes a request: every job still open now is a dead process's.
    delivered = await interruptLeftJobs(store, now);
    await Promise.all(adapters.map((adapter) => adapter.start()));
  } catch (error) {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await http.close();
    await release();
    throw error;
  }
  // Only now may this instance's worker take jobs: its adapters show them.
  sharedQueue?.start();
  // In the background: a slow or unreachable CometAPI never holds up start-up or a request.
  access?.start();
  void prices.start();
  void balance?.start();
  // Once running: a start that fails leaves nothing watching.
  const policyWatch =
    config.policyFile && options.reloadConfig
      ? watchPolicyFile(config.policyFile, reloadPolicy, log)
      : undefined;
  const retention = startJobRetention({ jobs: store, retentionDays: config.jobRetentionDays, now, log });
  // Also in the background: a slow platform never holds up start-up.
  const closers = Object.fromEntries(
    adapters.map((adapter) => [adapter.platform, (job: JobRecord) => adapter.closeInterrupted(job)]),
  );
  const finishers = Object.fromEntries(
    adapters.flatMap((adapter) => {
      const { finishDelivered } = adapter;
      return finishDelivered
        ? [[adapter.platform, (job: JobRecord) => finishDelivered.call(adapter, job)]]
        : [];
    }),
  );
  const recovered = tellInterruptedJobs({ jobs: store, closers, finishers, now, log }, delivered).catch(
    (error: unknown) => log.error({ err: error }, "telling people of their interrupted jobs failed"),
  );
  // A shared store: any other instance may die at any time; every instance closes their jobs.
  const sweep: LeftJobSweep | undefined =
    config.redis &&
    startLeftJobSweep({
      jobs: store,
      closers,
      finishers,
      now,
      log,
      everyMs: Math.max(1000, Math.floor(config.redis.leaseMs / 2)),
    });
  log.info(
    { port: http.port, adapters: adapters.map((adapter) => adapter.platform) },
    "imagine-bot is running",
  );

  return {
    imagine,
    http,
    adapters,
    reloadPolicy,
    async stop() {
      if (stopping) return;
      stopping = true;
      access?.stop();
      retention.stop();
      policyWatch?.stop();
      prices.stop();
      balance?.stop();
      // Telling people of interrupted jobs goes on in the background; a stop waits only briefly.
      await settleWithin(Promise.all([recovered, sweep?.stop()]), recoveryGraceMs);
      log.info({ graceMs: config.shutdownGraceMs }, "shutting down");
      await imagine.shutdown(config.shutdownGraceMs);
      await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      await http.close();
      await store.close();
      await Promise.allSettled([apiDispatcher.close(), imageDispatcher.close()]);
      log.info("stopped");
    },
  };
}
