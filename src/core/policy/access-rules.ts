import type { Platform } from "./actor.ts";

/** Changes for one Discord guild or Slack workspace; unset fields keep the platform's rule. */
export interface WorkspaceOverride {
  readonly allowedChannelIds?: readonly string[];
  readonly deniedChannelIds?: readonly string[];
  readonly allowedGroupIds?: readonly string[];
  readonly deniedGroupIds?: readonly string[];
  readonly cooldownSeconds?: number;
  readonly dailyLimitPerUser?: number;
  readonly dailyLimitPerWorkspace?: number;
}

/** Who may ask where, on one platform. Empty lists mean "no restriction". */
export interface AccessRules {
  readonly allowedChannelIds: readonly string[];
  readonly deniedChannelIds?: readonly string[];
  /** Discord role ids or Slack user group ids. */
  readonly allowedGroupIds: readonly string[];
  readonly deniedGroupIds?: readonly string[];
  /** Discord guild ids or Slack team ids the bot serves; empty = all. */
  readonly allowedWorkspaceIds?: readonly string[];
  readonly allowDirectMessages: boolean;
  /** Discord Manage Server holders / Slack workspace admins skip cooldowns and quotas. */
  readonly adminsBypassLimits?: boolean;
  readonly workspaces?: Readonly<Record<string, WorkspaceOverride>>;
}

/** People named outright, on any platform: the deny list always wins. */
export interface UserRules {
  /** When set, these people pass the role/group rule (channel rules still apply). */
  readonly allowedUserIds: readonly string[];
  readonly deniedUserIds: readonly string[];
}

/** How much people may make. 0 means unlimited / no cooldown. */
export interface LimitRules {
  readonly cooldownSeconds: number;
  readonly dailyLimitPerUser: number;
  readonly dailyLimitPerWorkspace: number;
}

/** Every rule the policy applies. */
export interface PolicyRules {
  readonly access: Partial<Record<Platform, AccessRules>>;
  readonly users: UserRules;
  readonly limits: LimitRules;
}
