export interface RecentKeysOptions {
  /** Most keys remembered; the oldest is forgotten first. */
  readonly maxKeys: number;
  /** How long a key is remembered. */
  readonly ttlMs: number;
  /** The bot's clock. */
  readonly now: () => number;
}

/** A bounded memory of keys seen lately. */
export interface RecentKeys {
  /** True the first time a key is seen within the TTL; false for a repeat. */
  claim(key: string): boolean;
}

/** Remembers keys for `ttlMs`, at most `maxKeys` of them, forgetting the oldest first. */
export function createRecentKeys(options: RecentKeysOptions): RecentKeys {
  const { now } = options;
  // Insertion order is age order: expired and surplus keys are always at the front.
  const seenAt = new Map<string, number>();

  function forgetOld(at: number): void {
    for (const [key, time] of seenAt) {
      if (seenAt.size <= options.maxKeys && at - time < options.ttlMs) break;
      seenAt.delete(key);
    }
  }

  return {
    claim(key) {
      const at = now();
      forgetOld(at);
      if (seenAt.has(key)) return false;
      seenAt.set(key, at);
      forgetOld(at);
      return true;
    },
  };
}
