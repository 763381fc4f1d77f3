import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "../store.ts";
import type { SharedJobStore } from "../../jobs/shared-queue/shared-job-store.ts";
import { connectRedis, describeRedis } from "./connect-redis.ts";
import { createRedisClaims } from "./create-redis-claims.ts";
import { createRedisCounters } from "./create-redis-counters.ts";
import { createRedisJobs } from "./create-redis-jobs.ts";
import { createRedisSharedJobs } from "./create-redis-shared-jobs.ts";
import { createRedisSettings } from "./create-redis-settings.ts";
import { defineRedisScripts } from "./define-redis-scripts.ts";
import { startInstanceLease } from "./instance-lease.ts";
import type { RedisContext } from "./redis-context.ts";
import { watchRedisFaults } from "./redis-faults.ts";
import { redisKeys } from "./redis-keys.ts";

export interface RedisStoreOptions {
  /** Put before every key, so several bots (or tests) can share one Redis. Default `imagine:`. */
  readonly prefix?: string;
  /** Where the operator hears that Redis stopped answering (error, once) and answers again (info). */
  readonly log?: Pick<Logger, "info" | "error">;
  /** Longest `createRedisStore` waits for Redis to answer. Default 5 s. */
  readonly readyTimeoutMs?: number;
  /**
   * Longest one call waits for Redis's answer before it is refused with StoreUnavailableError
   * (also the bound on one connection attempt). Default 2 s, well under the 3 s a Discord
   * interaction has to be answered in.
   */
  readonly commandTimeoutMs?: number;
  /**
   * How long this instance's lease lasts without a renewal (renewed three times per lease): after
   * a process dies, its jobs stop counting against their people's limit within this time, and
   * become other instances' to close (JobStore.unfinishedJobs). Default 30 s.
   */
  readonly leaseMs?: number;
}

/** The Store on a Redis shared by every instance of the bot. */
export interface RedisStore extends Store {
  /** The job rows' side of the queue every instance shares (see SharedJobStore). */
  readonly sharedJobs: SharedJobStore;
  /**
   * Whether Redis answers now, for /readyz. While it does not, every call is refused at once
   * with StoreUnavailableError; the client reconnects by itself and calls work again once it does.
   */
  isReady(): boolean;
  cacheGet(key: string): Promise<string | undefined>;
  cacheSet(key: string, value: string, ttlMs: number): Promise<void>;
}

const silent: Pick<Logger, "info" | "error"> = { info: () => {}, error: () => {} };

/**
 * The Store on the Redis at `url` (`redis://[user:password@]host:port[/db]`, or `rediss://` for
 * TLS), for several processes of the bot at once. Every check-and-take, release, refund, settle
 * and job change is one Lua script, which Redis runs whole: two processes can never both pass a
 * limit. Keys live under `prefix` (see redis-keys.ts for them and key-lifetimes.ts for how long);
 * the scripts name their keys themselves, so this needs one Redis (with replicas if wanted), not
 * Redis Cluster.
 *
 * A call that Redis cannot answer now (down, unreachable, timed out, loading) is refused with
 * StoreUnavailableError. A call cut off by a lost connection is refused too, though Redis may
 * have run it: nothing is sent twice.
 *
 * @throws StoreUnavailableError when Redis does not answer within `readyTimeoutMs`.
 */
export async function createRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
  const prefix = options.prefix ?? "imagine:";
  const leaseMs = options.leaseMs ?? 30_000;
  const log = options.log ?? silent;
  const instanceId = randomUUID();
  let closed = false;
  let closing: Promise<void> | undefined;
  // Until the store is built, the connection's events concern only the start, which throws.
  let onError = (_error: Error) => {};
  let onReady = () => {};
  const client = await connectRedis(url, {
    readyTimeoutMs: options.readyTimeoutMs ?? 5000,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    onError: (error) => onError(error),
    onReady: () => onReady(),
  });
  const faults = watchRedisFaults(describeRedis(client), log, () => closed);
  const scripts = defineRedisScripts(client, prefix);
  const context: RedisContext = {
    client,
    scripts,
    keys: redisKeys(prefix),
    call: faults.call,
    instanceId,
    leaseMs,
  };
  const lease = startInstanceLease(scripts, instanceId, leaseMs, faults.failed);
  onError = faults.failed;
  onReady = () => {
    faults.worked();
    lease.renew();
  };
  lease.renew();
  return {
    ...createRedisCounters(context),
    ...createRedisSettings(context),
    ...createRedisClaims(context),
    ...createRedisJobs(context),
    sharedJobs: createRedisSharedJobs(context, faults.failed),
    async claimOnce(key, ttlMs) {
      const ttl = String(Math.max(1, Math.round(ttlMs)));
      return (await faults.call(() => client.set(context.keys.once(key), "1", "PX", ttl, "NX"))) === "OK";
    },
    async cacheGet(key) {
      return (await faults.call(() => client.get(context.keys.cache(key)))) ?? undefined;
    },
    async cacheSet(key, value, ttlMs) {
      const ttl = String(Math.max(1, Math.round(ttlMs)));
      await faults.call(() => client.set(context.keys.cache(key), value, "PX", ttl));
    },
    isReady: () => !closed && client.status === "ready",
    close() {
      closing ??= (async () => {
        closed = true;
        // The lease ended first: the jobs this instance still holds stop counting at once.
        await lease.end().catch(() => undefined);
        await client.quit().catch(() => client.disconnect());
      })();
      return closing;
    },
  };
}
