import type { Actor } from "../../core/policy/actor.ts";
import type { AdminLookup } from "./create-user-lookup.ts";
import type { UsergroupLookup } from "./create-usergroup-lookup.ts";

/** Who asked and where, as Slack told it. */
export interface SlackAsker {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly isDirectMessage: boolean;
}

/**
 * The core's Actor for a Slack request (or a click on a button). Threads live inside their channel in Slack (same
 * channel id), so there is no parent channel to report. Whether a direct message is allowed is
 * the policy's call, not the adapter's.
 */
export function buildActor(asker: SlackAsker, usergroups: UsergroupLookup, admins: AdminLookup): Actor {
  return {
    platform: "slack",
    userId: asker.userId,
    workspaceId: asker.teamId,
    channelId: asker.channelId,
    isDirectMessage: asker.isDirectMessage,
    // users.info is asked only when the policy wants to know (admins may skip limits).
    isAdmin: () => admins.isAdmin(asker.userId),
    // Slack has no per-channel moderators a bot can read: a workspace admin or owner moderates.
    canModerate: () => admins.isAdmin(asker.userId),
    memberOf: (groupIds) => usergroups.memberOf(asker.userId, groupIds),
  };
}

/** Slack's id prefix for a direct message with the bot ("D…"), for events that carry no channel type. */
export function isDirectMessageChannel(channelId: string): boolean {
  return channelId.startsWith("D");
}
