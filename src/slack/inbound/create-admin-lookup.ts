import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";

export interface AdminLookupOptions {
  readonly client: Pick<webApi.WebClient, "users">;
  readonly log: Logger;
  /** How long an answer is trusted. Default 5 minutes. */
  readonly ttlMs?: number;
  readonly now?: () => number;
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
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { admin: Promise<boolean>; fetchedAt: number }>();

  async function fetchAdmin(userId: string): Promise<boolean> {
    try {
      const { user } = await options.client.users.info({ user: userId });
      return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (error) {
      cache.delete(userId);
      options.log.warn(
        { userId, slackError: readSlackErrorCode(error) },
        "cannot tell whether a user is a workspace admin: add the users:read scope or unset IMAGINE_ADMINS_BYPASS_LIMITS",
      );
      return false;
    }
  }

  return {
    isAdmin(userId) {
      const cached = cache.get(userId);
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.admin;
      const entry = { admin: fetchAdmin(userId), fetchedAt: now() };
      cache.set(userId, entry);
      return entry.admin;
    },
  };
}
