import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";

export interface UsergroupLookupOptions {
  readonly client: Pick<webApi.WebClient, "usergroups">;
  readonly log: Logger;
  /** How long a group's member list is trusted. Default 5 minutes. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** Answers which Slack user groups a person is in. */
export interface UsergroupLookup {
  /** The ids among `groupIds` whose members include `userId`. */
  memberOf(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
}

/**
 * Looks members up with `usergroups.users.list`, one call per group, cached for `ttlMs` (a
 * lookup in flight is shared). A group that cannot be read counts as not containing the person,
 * is logged with the fix, and is asked again next time.
 */
export function createUsergroupLookup(options: UsergroupLookupOptions): UsergroupLookup {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { members: Promise<ReadonlySet<string>>; fetchedAt: number }>();

  async function fetchMembers(groupId: string): Promise<ReadonlySet<string>> {
    try {
      const answer = await options.client.usergroups.users.list({ usergroup: groupId });
      return new Set(answer.users ?? []);
    } catch (error) {
      cache.delete(groupId);
      options.log.warn(
        { groupId, slackError: readSlackErrorCode(error) },
        "cannot read a user group's members: check SLACK_ALLOWED_USERGROUP_IDS and the usergroups:read scope",
      );
      return new Set();
    }
  }

  function membersOf(groupId: string): Promise<ReadonlySet<string>> {
    const cached = cache.get(groupId);
    if (cached && now() - cached.fetchedAt < ttlMs) return cached.members;
    const entry = { members: fetchMembers(groupId), fetchedAt: now() };
    cache.set(groupId, entry);
    return entry.members;
  }

  return {
    async memberOf(userId, groupIds) {
      const members = await Promise.all(groupIds.map(membersOf));
      return groupIds.filter((_, index) => members[index]!.has(userId));
    },
  };
}
