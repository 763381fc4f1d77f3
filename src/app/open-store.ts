import type { Logger } from "pino";
import type { Config } from "../config/config.ts";
import { StartupError } from "../core/errors/startup-error.ts";
import { explainDataDirFault } from "../core/store/explain-data-dir-fault.ts";
import { createRedisStore } from "../core/store/redis/redis-store.ts";
import { createSqliteStore } from "../core/store/sqlite-store.ts";
import type { Store } from "../core/store/store.ts";
import { StoreUnavailableError } from "../core/store/store-unavailable-error.ts";

/**
 * The store the configuration names: the Redis at REDIS_URL, shared by every instance, or else
 * the SQLite file under DATA_DIR (which is then the only place state lives).
 *
 * @throws StartupError when Redis does not answer at start, or the data directory is unusable.
 */
export async function openStore(config: Config, log: Logger, now: () => number): Promise<Store> {
  const { redis } = config;
  if (!redis) {
    return createSqliteStore(config.dataDir, { now, log }).catch((error: unknown) => {
      throw explainDataDirFault(error, config.dataDir);
    });
  }
  return createRedisStore(redis.url, {
    prefix: redis.prefix,
    leaseMs: redis.leaseMs,
    log: log.child({ component: "store" }),
  }).catch((error: unknown) => {
    if (!(error instanceof StoreUnavailableError)) throw error;
    // The message names host and port only, never the URL (it may hold a password).
    throw new StartupError(
      `REDIS_URL: ${error.message}: make sure Redis runs and is reachable from here, ` +
        "and that the URL's host, port and password are right",
      { cause: error },
    );
  });
}
