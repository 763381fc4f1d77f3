import { createOnceKeys } from "../../kit/create-once-keys.ts";
import { createClaimLedger } from "./create-claim-ledger.ts";
import { createJobLedger } from "./create-job-ledger.ts";
import type { Store } from "./store.ts";
import type { StoreTables } from "./store-tables.ts";

/** Keys `claimOnce` remembers at most: a platform's retries of a busy hour, and then some. */
const onceKeysKept = 10_000;

/**
 * A Store over an embedded engine's tables: the counters, the claims and the job rows. `now` is
 * the clock of `claimOnce`'s memory (one process per store: it is kept in this process).
 */
export function createEmbeddedStore(tables: StoreTables, now: () => number = Date.now): Store {
  const { counters } = tables;
  const onceKeys = createOnceKeys({ maxKeys: onceKeysKept, now });
  return {
    lastJobAt: async (key) => tables.read(() => counters.lastJobAt(key)),
    setLastJobAt: (key, at) => tables.write(() => counters.setLastJobAt(key, at)),
    imagesOn: async (key, day) => tables.read(() => counters.imagesOn(key, day)),
    addImages: (key, day, count) => tables.write(() => counters.addImages(key, day, count)),
    ledgerOf: async (key, period) => tables.read(() => counters.ledgerOf(key, period)),
    topOfLedger: async (period, prefix, limit) =>
      tables.read(() => counters.topOfLedger(period, prefix, limit)),
    settingsIn: async (scopes) => tables.read(() => tables.settings.inScopes(scopes)),
    changeSetting: (change) => tables.write(() => tables.settings.change(change)),
    claimOnce: async (key, ttlMs) => onceKeys.claim(key, ttlMs),
    ...createClaimLedger(tables),
    ...createJobLedger(tables),
    close: async () => tables.close(),
  };
}
