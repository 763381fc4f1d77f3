import type { Logger } from "pino";
import type { SharedCache } from "../core/platform-adapter.ts";
import type { Store } from "../core/store/store.ts";

/**
 * The store's cache as adapters use it, or undefined when the store keeps none (one process,
 * whose adapters cache in memory). A fault is a miss, not a failure: the adapter asks its
 * platform instead, and the store's own fault watch has already told the operator that Redis is
 * down, so it is only logged at debug here.
 */
export function shareStoreCache(store: Store, log: Pick<Logger, "debug">): SharedCache | undefined {
  if (!store.cacheGet || !store.cacheSet) return undefined;
  const cacheGet = store.cacheGet.bind(store);
  const cacheSet = store.cacheSet.bind(store);
  return {
    get: (key) =>
      cacheGet(key).catch((error: unknown) => {
        log.debug({ err: error, key }, "could not read the shared cache: asking the platform");
        return undefined;
      }),
    set: (key, value, ttlMs) =>
      cacheSet(key, value, ttlMs).catch((error: unknown) => {
        log.debug({ err: error, key }, "could not write the shared cache");
      }),
  };
}
