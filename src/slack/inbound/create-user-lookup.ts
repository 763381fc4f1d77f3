import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import type { SharedCache } from "../../core/platform-adapter.ts";
import { createTtlCache } from "../../kit/create-ttl-cache.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { loadThroughSharedCache } from "./load-through-shared-cache.ts";

/** What the bot reads of a Slack user. */
export interface SlackUser {
  /** A workspace admin or owner. */
  readonly isAdmin: boolean;
  /** The language the person set in Slack (`ja-JP`), when Slack said. */
  readonly locale?: string;
}

export interface UserLookupOptions {
  readonly client: Pick<webApi.WebClient, "users">;
  readonly log: Logger;
  /** How long an answer is trusted. Default 5 minutes: an admin who is no longer one stops being one. */
  readonly ttlMs?: number;
  /** The bot's clock. */
  readonly now: () => number;
  /** Where other instances of the bot keep people they read (`slack:user:<id>`), when there are any. */
  readonly sharedCache?: SharedCache;
}

/** A person as kept in the shared cache. */
const keptUser: z.ZodType<SlackUser> = z.object({ isAdmin: z.boolean(), locale: z.string().optional() });

/** Answers whether a person administers the Slack workspace. */
export interface AdminLookup {
  isAdmin(userId: string): Promise<boolean>;
}

/** Reads people from Slack, and answers whether one administers the workspace. */
export interface UserLookup extends AdminLookup {
  /** The person as Slack describes them; rejects when Slack cannot say. */
  read(userId: string): Promise<SlackUser>;
}

/**
 * Asks `users.info` (scope `users:read`, with `include_locale`) once for everything the bot reads
 * of a person, cached for `ttlMs` (a look-up in flight is shared), and for as long in the bot's
 * shared cache for its other instances: whether they are a workspace admin or owner, and their
 * language. A failed look-up is logged with the fix and asked again
 * next time; meanwhile the person is no admin.
 */
export function createUserLookup(options: UserLookupOptions): UserLookup {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  async function askSlack(userId: string): Promise<SlackUser> {
    const { user } = await options.client.users.info({ user: userId, include_locale: true });
    return {
      isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
      ...(user?.locale && { locale: user.locale }),
    };
  }
  const users = createTtlCache<SlackUser>({
    load: (userId) =>
      loadThroughSharedCache({
        cache: options.sharedCache,
        key: `slack:user:${userId}`,
        ttlMs,
        shape: keptUser,
        load: () => askSlack(userId),
      }),
    onLoadError: (userId, error) =>
      options.log.warn(
        { userId, slackError: readSlackErrorCode(error) },
        "cannot read a user from Slack (whether they are a workspace admin, their language): they are " +
          "answered in English and as no admin until it works; add the users:read scope if it is missing",
      ),
    ttlMs,
    now: options.now,
  });
  return {
    read: (userId) => users.get(userId),
    isAdmin: (userId) =>
      users.get(userId).then(
        (user) => user.isAdmin,
        () => false,
      ),
  };
}
