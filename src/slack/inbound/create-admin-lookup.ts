import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { createTtlCache } from "../../kit/create-ttl-cache.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";

export interface AdminLookupOptions {
  readonly client: Pick<webApi.WebClient, "users">;
  readonly log: Logger;
  /** How long an answer is trusted. Default 5 minutes. */
  readonly ttlMs?: number;
  /** The bot's clock. */
  readonly now: () => number;
}

/** Answers whether a person administers the Slack workspace. */
export interface AdminLookup {
  isAdmin(userId: string): Promise<boolean>;
}

/**
 * Asks `users.info` (scope `users:read`) whether a person is a workspace admin or owner, cached
 * for `ttlMs`. A failed look-up answers "no", is logged with the fix, and is asked again next time.
 */
export function createAdminLookup(options: AdminLookupOptions): AdminLookup {
  const answers = createTtlCache({
    async load(userId) {
      const { user } = await options.client.users.info({ user: userId });
      return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    },
    onLoadError: (userId, error) =>
      options.log.warn(
        { userId, slackError: readSlackErrorCode(error) },
        "cannot tell whether a user is a workspace admin (asked when admins skip limits or delete others' images): add the users:read scope",
      ),
    ttlMs: options.ttlMs ?? 5 * 60_000,
    now: options.now,
  });
  return {
    isAdmin: (userId) => answers.get(userId).catch(() => false),
  };
}
