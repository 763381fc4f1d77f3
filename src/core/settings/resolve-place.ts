import type { AccessRules, LimitRules, WorkspaceOverride } from "../policy/access-rules.ts";
import type { Actor, Platform } from "../policy/actor.ts";
import type { StoredSetting } from "./settings-store.ts";
import {
  isSettingKey,
  parseStored,
  settingKeys,
  type SettingKey,
  type SettingValue,
} from "./setting-keys.ts";

/** Where a value in force comes from, lowest first: each layer wins over the ones before it. */
export type SettingSource = "environment" | "policy_file" | "workspace" | "channel";

export interface Sourced {
  /** Undefined: not set anywhere (no limit, no default, nowhere). */
  readonly value: SettingValue | undefined;
  readonly source: SettingSource;
}

/** What an admin allowed or denied in chat, entry by entry. */
export type AccessEntry = "allow" | "deny";

/** The operator's rules a place starts from, before anything set in chat. */
export interface BaseRules {
  readonly access: AccessRules | undefined;
  readonly limits: LimitRules;
  readonly maxQueuedPerUser: number;
  readonly images: ImageDefaults;
  /** Setting keys the policy file set (`cooldown_seconds`, or `discord:modlog_channel` for one platform). */
  readonly fromPolicyFile: ReadonlySet<string>;
  /** Setting keys and access lists chat may not change (`lockedSettings:`). */
  readonly locked: ReadonlySet<string>;
}

/** The operator's image defaults, which chat may replace per place. */
export interface ImageDefaults {
  readonly defaultModel?: string;
  readonly defaultSize?: string;
  readonly defaultQuality?: string;
  readonly models: readonly string[];
}

/** Everything in force where one person asks: the values with their sources, and the access rules. */
export interface PlaceSettings {
  readonly values: Readonly<Record<SettingKey, Sourced>>;
  /** The platform's access rules with the guild's or workspace's, then chat's entries laid over. */
  readonly access: AccessRules | undefined;
  /** People an admin blocked here in chat. */
  readonly blockedUserIds: readonly string[];
  /** The entries made in chat, for `show`. */
  readonly chat: {
    readonly channels: ReadonlyMap<string, AccessEntry>;
    readonly groups: ReadonlyMap<string, AccessEntry>;
    readonly users: readonly string[];
  };
  readonly locked: ReadonlySet<string>;
}

/** The scope of a guild or workspace's chat settings, and of one of its channels'. */
export function scopesOf(platform: Platform, workspaceId: string, channelId?: string): string[] {
  const place = `${platform}:${workspaceId}`;
  return channelId === undefined ? [place] : [place, `${place}:${channelId}`];
}

/** The channel whose rules apply where `actor` is: a thread's parent. */
export const ruleChannelOf = (actor: Pick<Actor, "channelId" | "parentChannelId">) =>
  actor.parentChannelId ?? actor.channelId;

function baseValue(
  key: SettingKey,
  base: BaseRules,
  override: WorkspaceOverride | undefined,
  platform: Platform,
): Sourced {
  const fileOr = (value: SettingValue | undefined, fromOverride: SettingValue | undefined): Sourced => {
    if (fromOverride !== undefined) return { value: fromOverride, source: "policy_file" };
    const filed = base.fromPolicyFile.has(key) || base.fromPolicyFile.has(`${platform}:${key}`);
    return { value, source: filed ? "policy_file" : "environment" };
  };
  const { limits, access, images } = base;
  switch (key) {
    case "cooldown_seconds":
      return fileOr(limits.cooldownSeconds, override?.cooldownSeconds);
    case "daily_limit_per_user":
      return fileOr(limits.dailyLimitPerUser, override?.dailyLimitPerUser);
    case "daily_limit_per_workspace":
      return fileOr(limits.dailyLimitPerWorkspace, override?.dailyLimitPerWorkspace);
    case "max_queued_per_user":
      return fileOr(base.maxQueuedPerUser, undefined);
    case "default_model":
      return fileOr(images.defaultModel, undefined);
    case "default_size":
      return fileOr(images.defaultSize, undefined);
    case "default_quality":
      return fileOr(images.defaultQuality, undefined);
    case "spoilers":
      return fileOr(access?.spoilers ?? false, override?.spoilers);
    case "modlog_channel":
      return fileOr(access?.modlogChannelId, override?.modlogChannelId);
    case "budget_per_user_daily_usd":
      return fileOr(limits.budgetPerUserDailyUsd ?? 0, override?.budgetPerUserDailyUsd);
    case "budget_per_workspace_monthly_usd":
      return fileOr(limits.budgetPerWorkspaceMonthlyUsd ?? 0, override?.budgetPerWorkspaceMonthlyUsd);
  }
}

/** Adds and removes ids: what chat allowed joins a list, what it denied leaves it. */
function withEntries(ids: readonly string[], entries: ReadonlyMap<string, AccessEntry>, join: AccessEntry) {
  const result = new Set(ids);
  for (const [id, entry] of entries) {
    if (entry === join) result.add(id);
    else result.delete(id);
  }
  return [...result];
}

/** The platform's rules with the guild's or workspace's override from the policy file laid over. */
function overridden(rules: AccessRules | undefined, override: WorkspaceOverride | undefined) {
  if (!rules || !override) return rules;
  return {
    ...rules,
    allowedChannelIds: override.allowedChannelIds ?? rules.allowedChannelIds,
    deniedChannelIds: override.deniedChannelIds ?? rules.deniedChannelIds ?? [],
    allowedGroupIds: override.allowedGroupIds ?? rules.allowedGroupIds,
    deniedGroupIds: override.deniedGroupIds ?? rules.deniedGroupIds ?? [],
    spoilerChannelIds: [...(override.spoilerChannelIds ?? []), ...(rules.spoilerChannelIds ?? [])],
  };
}

const openRules: AccessRules = { allowedChannelIds: [], allowedGroupIds: [], allowDirectMessages: true };

/**
 * What is in force in one place: environment < policy file < chat for the guild or workspace <
 * chat for the channel, each value with where it came from. A locked key keeps the operator's
 * value whatever chat holds; a locked access list ignores chat's entries.
 *
 * @param rows the chat settings of the place's scopes (see {@link scopesOf}).
 */
export function resolvePlace(
  base: BaseRules,
  platform: Platform,
  workspaceId: string | undefined,
  channelId: string | undefined,
  rows: readonly StoredSetting[],
): PlaceSettings {
  const override = workspaceId ? base.access?.workspaces?.[workspaceId] : undefined;
  const placeScope = workspaceId && `${platform}:${workspaceId}`;
  const channelScope = placeScope && channelId && `${placeScope}:${channelId}`;
  const chatValue = (scope: string | undefined, key: SettingKey) => {
    const row = scope ? rows.find((each) => each.scope === scope && each.key === key) : undefined;
    return row && parseStored(key, row.value);
  };
  const values = Object.fromEntries(
    settingKeys.map((key) => {
      let sourced = baseValue(key, base, override, platform);
      if (!base.locked.has(key)) {
        const placeValue = chatValue(placeScope, key);
        if (placeValue !== undefined) sourced = { value: placeValue, source: "workspace" };
        const channelValue = chatValue(channelScope, key);
        if (channelValue !== undefined) sourced = { value: channelValue, source: "channel" };
      }
      return [key, sourced];
    }),
  ) as Record<SettingKey, Sourced>;

  const entries = (prefix: string, list: string) => {
    const found = new Map<string, string>();
    if (base.locked.has(list)) return found;
    for (const row of rows) {
      if (row.scope === placeScope && row.key.startsWith(prefix))
        found.set(row.key.slice(prefix.length), row.value);
    }
    return found;
  };
  const channels = entries("channel:", "channels") as Map<string, AccessEntry>;
  const groups = entries("group:", platform === "discord" ? "roles" : "usergroups") as Map<
    string,
    AccessEntry
  >;
  const users = [...entries("user:", "users").keys()];

  let access = overridden(base.access, override);
  if (channels.size > 0 || groups.size > 0) {
    const rules = access ?? openRules;
    access = {
      ...rules,
      allowedChannelIds: withEntries(rules.allowedChannelIds, channels, "allow"),
      deniedChannelIds: withEntries(rules.deniedChannelIds ?? [], channels, "deny"),
      allowedGroupIds: withEntries(rules.allowedGroupIds, groups, "allow"),
      deniedGroupIds: withEntries(rules.deniedGroupIds ?? [], groups, "deny"),
    };
  }
  return { values, access, blockedUserIds: users, chat: { channels, groups, users }, locked: base.locked };
}

/** Whether a stored key is one this version knows (a newer version may have written others). */
export const isKnownStoredKey = (key: string) => isSettingKey(key) || /^(channel|group|user):/.test(key);
