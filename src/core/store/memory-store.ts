import { createCounterStore, type CounterAccess } from "./create-claim-ledger.ts";
import type { Store } from "./store.ts";

/** A Store that lives as long as the process and writes nothing to disk: for tests. */
export function createMemoryStore(): Store {
  const lastJob = new Map<string, number>();
  const images = new Map<string, number>();
  const counters: CounterAccess = {
    lastJobAt: (key) => lastJob.get(key),
    setLastJobAt: (key, at) => void lastJob.set(key, at),
    imagesOn: (key, day) => images.get(`${day}|${key}`) ?? 0,
    addImages: (key, day, count) => {
      const slot = `${day}|${key}`;
      images.set(slot, Math.max(0, (images.get(slot) ?? 0) + count));
    },
  };
  return createCounterStore(counters, async () => undefined);
}
