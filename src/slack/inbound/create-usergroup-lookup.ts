import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { createTtlCache } from "../../kit/create-ttl-cache.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";

export interface UsergroupLookupOptions {
  readonly client: Pick<webApi.WebClient, "usergroups">;
  readonly log: Logger;
  /** How long a group's member list is trusted. Default 5 minutes. */
  readonly ttlMs?: number;
  /** The bot's clock. */
  readonly now: () => number;
}

/** Answers which Slack user groups a person is in. */
export interface UsergroupLookup {
  /** The ids among `groupIds` whose members include `userId`. */
  memberOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

const nobody: ReadonlySet<string> = new Set();

/**
 * Looks members up with `usergroups.users.list`, one call per group, cached for `ttlMs` (a
 * lookup in flight is shared). A group that cannot be read counts as not containing the person,
 * is logged with the fix, and is asked again next time.
 */
export function createUsergroupLookup(options: UsergroupLookupOptions): UsergroupLookup {
  const members = createTtlCache<ReadonlySet<string>>({
    async load(groupId) {
      const answer = await options.client.usergroups.users.list({ usergroup: groupId });
      return new Set(answer.users ?? []);
    },
    onLoadError: (groupId, error) =>
      options.log.warn(
        { groupId, slackError: readSlackErrorCode(error) },
        "cannot read a user group's members: check SLACK_ALLOWED_USERGROUP_IDS and the usergroups:read scope",
      ),
    ttlMs: options.ttlMs ?? 5 * 60_000,
    now: options.now,
  });
  return {
    async memberOf(userId, groupIds) {
      const groups = await Promise.all(groupIds.map((groupId) => members.get(groupId).catch(() => nobody)));
      return groupIds.filter((_, index) => groups[index]!.has(userId));
    },
  };
}
