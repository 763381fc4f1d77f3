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
  /** US dollars one person may spend per UTC day here; 0 = no budget. */
  readonly budgetPerUserDailyUsd?: number;
  /** US dollars this guild or workspace may spend per UTC month; 0 = no budget. */
  readonly budgetPerWorkspaceMonthlyUsd?: number;
  /** Where refusals for moderation in this guild or workspace are posted. */
  readonly modlogChannelId?: string;
  /** Results here are posted as spoilers, unless a channel says otherwise. */
  readonly spoilers?: boolean;
  /** Channels here whose results are posted as spoilers. */
  readonly spoilerChannelIds?: readonly string[];
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
  /** Where refusals for moderation are posted (a channel id); nowhere when unset. */
  readonly modlogChannelId?: string;
  /** Results are posted as spoilers (where the platform has them) everywhere on it. */
  readonly spoilers?: boolean;
  /** Channels whose results are posted as spoilers. */
  readonly spoilerChannelIds?: readonly string[];
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
  /** US dollars one person may spend per UTC day (IMAGINE_BUDGET_PER_USER_DAILY_USD). */
  readonly budgetPerUserDailyUsd?: number;
  /** US dollars one guild or workspace may spend per UTC month. */
  readonly budgetPerWorkspaceMonthlyUsd?: number;
}

/** What prompts may not say, on every platform. */
export interface ModerationRules {
  /** Words and phrases (whole words) and `/regular expressions/` a prompt may not contain. */
  readonly blockedTerms: readonly string[];
}

/** Every rule the policy applies. */
export interface PolicyRules {
  readonly access: Partial<Record<Platform, AccessRules>>;
  readonly users: UserRules;
  readonly limits: LimitRules;
  readonly moderation: ModerationRules;
  /**
   * The setting keys the policy file set (`cooldown_seconds`; `discord:modlog_channel` for one
   * platform's), so `show` can say where a value comes from.
   */
  readonly fromPolicyFile?: readonly string[];
  /** Setting keys and access lists (`channels`, `roles`, `usergroups`, `users`) chat may not change. */
  readonly lockedSettings?: readonly string[];
}
