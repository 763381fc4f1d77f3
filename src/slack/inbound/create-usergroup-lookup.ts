import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import type { SharedCache } from "../../core/platform-adapter.ts";
import { createTtlCache } from "../../kit/create-ttl-cache.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { loadThroughSharedCache } from "./load-through-shared-cache.ts";

export interface UsergroupLookupOptions {
  readonly client: Pick<webApi.WebClient, "usergroups">;
  readonly log: Logger;
  /** How long a group's member list is trusted. Default 5 minutes. */
  readonly ttlMs?: number;
  /** The bot's clock. */
  readonly now: () => number;
  /** Where other instances of the bot keep groups' members (`slack:group:<id>`), when there are any. */
  readonly sharedCache?: SharedCache;
}

/** Answers which Slack user groups a person is in. */
export interface UsergroupLookup {
  /** The ids among `groupIds` whose members include `userId`. */
  memberOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

const nobody: ReadonlySet<string> = new Set();

/** A group's members as kept in the shared cache. */
const keptMembers = z.array(z.string());

/**
 * Looks members up with `usergroups.users.list`, one call per group, cached for `ttlMs` (a
 * lookup in flight is shared), and for as long in the bot's shared cache for its other instances. A group that cannot be read counts as not containing the person,
 * is logged with the fix, and is asked again next time.
 */
export function createUsergroupLookup(options: UsergroupLookupOptions): UsergroupLookup {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const members = createTtlCache<ReadonlySet<string>>({
    async load(groupId) {
      const userIds = await loadThroughSharedCache({
        cache: options.sharedCache,
        key: `slack:group:${groupId}`,
        ttlMs,
        shape: keptMembers,
        load: async () => (await options.client.usergroups.users.list({ usergroup: groupId })).users ?? [],
      });
      return new Set(userIds);
    },
    onLoadError: (groupId, error) =>
      options.log.warn(
        { groupId, slackError: readSlackErrorCode(error) },
        "cannot read a user group's members: check SLACK_ALLOWED_USERGROUP_IDS and the usergroups:read scope",
      ),
    ttlMs,
    now: options.now,
  });
  return {
    async memberOf(userId, groupIds) {
      const groups = await Promise.all(groupIds.map((groupId) => members.get(groupId).catch(() => nobody)));
      return groupIds.filter((_, index) => groups[index]!.has(userId));
    },
  };
}
