import { pickLocale, sourceLocale, type Locale } from "../../core/i18n/locales.ts";
import { messagesFor, type Messages } from "../../core/i18n/messages.ts";
import { createTtlCache } from "../../kit/create-ttl-cache.ts";
import type { UserLookup } from "./create-user-lookup.ts";

export interface LocaleLookupOptions {
  /** Where people are read from (the same `users.info` answer that says who is an admin). */
  readonly users: Pick<UserLookup, "read">;
  /** How long a person's language is trusted. Default 1 hour. */
  readonly ttlMs?: number;
  /**
   * The longest a request waits for its person's language; past it, it is answered in English
   * (the look-up goes on, for the next request). Default 1500 ms.
   */
  readonly waitMs?: number;
  /** The bot's clock. */
  readonly now: () => number;
}

/** Which language to speak to a Slack user in. */
export interface LocaleLookup {
  /** The person's sentences: their Slack language, or English when Slack cannot say in time. Never rejects. */
  messagesFor(userId: string): Promise<Messages>;
}

/**
 * A person's language from their Slack locale (`users.info` with `include_locale`), cached per
 * person for `ttlMs`. A failed look-up, or one slower than `waitMs`, means English for that request
 * and never a failed or held-up one.
 */
export function createLocaleLookup(options: LocaleLookupOptions): LocaleLookup {
  const { users, waitMs = 1500 } = options;
  const locales = createTtlCache<Locale>({
    load: async (userId) => pickLocale((await users.read(userId)).locale),
    ttlMs: options.ttlMs ?? 60 * 60_000,
    now: options.now,
  });
  return {
    async messagesFor(userId) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Locale>(
        (resolve) => (timer = setTimeout(() => resolve(sourceLocale), waitMs)),
      );
      try {
        const known = locales.get(userId).catch(() => sourceLocale);
        return messagesFor(await Promise.race([known, late]));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
