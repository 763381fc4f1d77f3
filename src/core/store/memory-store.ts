import type { Store } from "./store.ts";

/** A Store that lives as long as the process; for tests and single-run use. */
export function createMemoryStore(): Store {
  const lastJob = new Map<string, number>();
  const images = new Map<string, number>();
  return {
    lastJobAt: async (key) => lastJob.get(key),
    setLastJobAt: async (key, at) => void lastJob.set(key, at),
    imagesOn: async (key, day) => images.get(`${day}|${key}`) ?? 0,
    addImages: async (key, day, count) => {
      const slot = `${day}|${key}`;
      images.set(slot, Math.max(0, (images.get(slot) ?? 0) + count));
    },
    close: async () => undefined,
  };
}
