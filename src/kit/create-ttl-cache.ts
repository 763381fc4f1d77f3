export interface TtlCacheOptions<V> {
  /** Fetches a key's value. A rejection is handed to the callers waiting for it and not kept. */
  readonly load: (key: string) => Promise<V>;
  /** Told once of each failed load (however many callers shared it), e.g. to log the fix. */
  readonly onLoadError?: (key: string, error: unknown) => void;
  /** How long a value is trusted after its load began. */
  readonly ttlMs: number;
  /** The clock, in milliseconds. */
  readonly now: () => number;
}

/** Values that are slow to fetch, kept for a while. */
export interface TtlCache<V> {
  /** The key's value: the kept one while it is fresh (a load in flight is shared), else a new load. */
  get(key: string): Promise<V>;
}

/**
 * Keeps each key's load for `ttlMs`; a failed load is forgotten, so the next `get` asks again.
 * Expired entries are dropped as new ones come, so the cache holds only what was asked for lately.
 */
export function createTtlCache<V>(options: TtlCacheOptions<V>): TtlCache<V> {
  const { load, ttlMs, now } = options;
  // Insertion order is age order (a key is deleted before it is set again): expired ones lead.
  const entries = new Map<string, { value: Promise<V>; loadedAt: number }>();

  function dropExpired(at: number): void {
    for (const [key, entry] of entries) {
      if (at - entry.loadedAt < ttlMs) break;
      entries.delete(key);
    }
  }

  return {
    get(key) {
      const at = now();
      const kept = entries.get(key);
      if (kept && at - kept.loadedAt < ttlMs) return kept.value;
      entries.delete(key);
      dropExpired(at);
      const entry = { value: load(key), loadedAt: at };
      entries.set(key, entry);
      void entry.value.catch((error: unknown) => {
        if (entries.get(key) === entry) entries.delete(key);
        options.onLoadError?.(key, error);
      });
      return entry.value;
    },
  };
}
