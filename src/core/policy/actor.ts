/** The platforms the bot speaks on. */
export type Platform = "discord" | "slack";

/** Who asked, and where: what the policy needs to decide, in platform-neutral words. */
export interface Actor {
  readonly platform: Platform;
  readonly userId: string;
  /** Discord guild id or Slack team id; absent in a Discord DM. */
  readonly workspaceId?: string;
  /** Where the request was made. */
  readonly channelId: string;
  /** For a thread, the channel it belongs to: rules about channels apply to the parent. */
  readonly parentChannelId?: string;
  readonly isDirectMessage: boolean;
  /**
   * Whether this person administers the guild or workspace (Discord: Manage Server; Slack: admin
   * or owner). Asked only when a rule lets admins skip limits, so a lookup costs nothing otherwise.
   */
  isAdmin?(): Promise<boolean>;
  /**
   * Whether this person may remove others' images where they are (Discord: Manage Messages in
   * the channel; Slack: workspace admin or owner). Asked only when they act on someone else's job.
   */
  canModerate?(): Promise<boolean>;
  /**
   * Which of the given role (Discord) or user group (Slack) ids this person belongs to. Asked
   * only for the ids a rule names, so an adapter looks up no more than it must.
   */
  memberOf(groupIds: readonly string[]): Promise<readonly string[]>;
}

/** One key per person per workspace, for counters and the fair queue. */
export function actorKey(actor: Pick<Actor, "platform" | "workspaceId" | "userId">): string {
  return `${actor.platform}:${actor.workspaceId ?? "-"}:${actor.userId}`;
}
