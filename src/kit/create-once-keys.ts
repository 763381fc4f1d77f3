export interface OnceKeysOptions {
  /** Most keys remembered; the oldest is forgotten first. */
  readonly maxKeys: number;
  /** The clock, in milliseconds. */
  readonly now: () => number;
}

/** A bounded memory of keys claimed lately, each for a time of its own. */
export interface OnceKeys {
  /** True the first time a key is claimed within `ttlMs`; false for a repeat. */
  claim(key: string, ttlMs: number): boolean;
}

/** Remembers each claimed key for its `ttlMs`, at most `maxKeys` of them, forgetting the oldest first. */
export function createOnceKeys(options: OnceKeysOptions): OnceKeys {
  const { now } = options;
  // Insertion order is claim order: the oldest claims, and with them most expired ones, lead.
  const expiresAt = new Map<string, number>();

  function forgetOld(at: number): void {
    for (const [key, end] of expiresAt) {
      if (expiresAt.size <= options.maxKeys && end > at) break;
      expiresAt.delete(key);
    }
  }

  return {
    claim(key, ttlMs) {
      const at = now();
      const end = expiresAt.get(key);
      if (end !== undefined && end > at) return false;
      expiresAt.delete(key);
      expiresAt.set(key, at + ttlMs);
      forgetOld(at);
      return true;
    },
  };
}
