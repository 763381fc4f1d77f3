import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { AccessRules, PolicyRules, WorkspaceOverride } from "../core/policy/access-rules.ts";
import type { Platform } from "../core/policy/actor.ts";
import type { Config } from "./config.ts";
import { checkBlockedTerms, ConfigError } from "./config.ts";
import { accessLists, settingKeys, type SettingKey } from "../core/settings/setting-keys.ts";

// Ids may be written unquoted: the reader keeps integers beyond 2^53 as bigint (exact), and
// String() turns either kind back into the digits the file holds.
const id = z.union([z.string(), z.number(), z.bigint()]).transform(String);
const ids = z.array(id).readonly();
const count = z.number().int().min(0);

const workspaceOverride = z
  .object({
    allowedChannelIds: ids,
    deniedChannelIds: ids,
    allowedRoleIds: ids,
    deniedRoleIds: ids,
    allowedUsergroupIds: ids,
    cooldownSeconds: count,
    dailyLimitPerUser: count,
    dailyLimitPerGuild: count,
    dailyLimitPerWorkspace: count,
    budgetPerUserDailyUsd: z.number().nonnegative(),
    budgetPerWorkspaceMonthlyUsd: z.number().nonnegative(),
    modlogChannelId: id,
  })
  .partial()
  .strict();

/** Results as spoilers: Discord has them, Slack does not. */
const spoilerKeys = { spoilers: z.boolean().optional(), spoilerChannelIds: ids.optional() };

const guildOverride = workspaceOverride.extend(spoilerKeys);

const platform = z
  .object({
    allowedChannelIds: ids,
    deniedChannelIds: ids,
    allowDirectMessages: z.boolean(),
    adminsBypassLimits: z.boolean(),
    modlogChannelId: id,
  })
  .partial();

/** Terms that are words, phrases or `/expressions/`; each must compile. */
const blockedTerms = z
  .array(z.string())
  .readonly()
  .superRefine((terms, context) => {
    const problem = checkBlockedTerms(terms);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** US dollars: per million tokens, or per request. */
const dollars = z.number().nonnegative();

/** A model's price: tokens each way, or a flat price per request. */
const price = z.union([
  z.object({ input: dollars, output: dollars }).strict(),
  z.object({ perRequest: dollars }).strict(),
]);

/** The policy file's shape; every key optional, unknown keys refused (they are usually typos). */
export const policyFileSchema = z
  .object({
    limits: z
      .object({
        cooldownSeconds: count,
        dailyLimitPerUser: count,
        dailyLimitPerWorkspace: count,
        maxQueuedPerUser: z.number().int().min(1),
        concurrency: z.number().int().min(1).max(100),
        maxImagesPerRequest: z.number().int().min(1).max(10),
        maxPromptLength: z.number().int().min(1).max(32_000),
        budgetPerUserDailyUsd: z.number().nonnegative(),
        budgetPerWorkspaceMonthlyUsd: z.number().nonnegative(),
      })
      .partial()
      .strict(),
    users: z.object({ allowed: ids, denied: ids }).partial().strict(),
    // What admins may not change from chat: setting keys, or whole access lists.
    lockedSettings: z.array(z.enum([...settingKeys, ...accessLists])).readonly(),
    moderation: z.object({ blocked: blockedTerms }).partial().strict(),
    prices: z.record(z.string(), price),
    discord: platform
      .extend({
        allowedGuildIds: ids.optional(),
        allowedRoleIds: ids.optional(),
        deniedRoleIds: ids.optional(),
        ...spoilerKeys,
        guilds: z.record(z.string(), guildOverride).optional(),
      })
      .strict(),
    slack: platform
      .extend({
        allowedWorkspaceIds: ids.optional(),
        allowedUsergroupIds: ids.optional(),
        workspaces: z.record(z.string(), workspaceOverride).optional(),
      })
      .strict(),
  })
  .partial()
  .strict();

export type PolicyFile = z.infer<typeof policyFileSchema>;

// Integers that fit a double stay numbers (limits, counts); larger ones, such as a Discord id
// written without quotes, stay bigint so not one digit changes.
const keepLargeIntegers = (_key: unknown, value: unknown) =>
  typeof value === "bigint" && Number.isSafeInteger(Number(value)) ? Number(value) : value;

/**
 * Parses the file's text. JSON goes through JSON.parse first so that only strict JSON passes,
 * then through the YAML reader (JSON is YAML) because JSON.parse rounds integers beyond 2^53.
 */
function parseText(text: string, json: boolean): unknown {
  if (json) JSON.parse(text);
  return parseYaml(text, keepLargeIntegers, { intAsBigInt: true, ...(json && { schema: "json" }) });
}

/**
 * Reads and checks a JSON or YAML policy file. Ids may be quoted or not: unquoted ones too long
 * for a JavaScript number (Discord's snowflakes) are read digit for digit.
 * @throws ConfigError with one line per problem, naming the file and the key.
 */
export function readPolicyFile(path: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError([`${path}: cannot be read; check IMAGINE_POLICY_FILE`]);
  }
  const json = /\.json$/i.test(path);
  let data: unknown;
  try {
    data = parseText(text, json);
  } catch (error) {
    throw new ConfigError([`${path}: is not valid ${json ? "JSON" : "YAML"}: ${String(error)}`]);
  }
  const parsed = policyFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${path}: ${issue.path.join(".") || "(top)"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

type FileOverride = z.infer<typeof guildOverride>;

/** One guild's or workspace's changes in the rules' words; either platform's names are read. */
function toOverride(entry: FileOverride): WorkspaceOverride {
  const allowedGroupIds = entry.allowedRoleIds ?? entry.allowedUsergroupIds;
  const dailyLimitPerWorkspace = entry.dailyLimitPerGuild ?? entry.dailyLimitPerWorkspace;
  return {
    ...(entry.allowedChannelIds && { allowedChannelIds: entry.allowedChannelIds }),
    ...(entry.deniedChannelIds && { deniedChannelIds: entry.deniedChannelIds }),
    ...(allowedGroupIds && { allowedGroupIds }),
    ...(entry.deniedRoleIds && { deniedGroupIds: entry.deniedRoleIds }),
    ...(entry.cooldownSeconds !== undefined && { cooldownSeconds: entry.cooldownSeconds }),
    ...(entry.dailyLimitPerUser !== undefined && { dailyLimitPerUser: entry.dailyLimitPerUser }),
    ...(dailyLimitPerWorkspace !== undefined && { dailyLimitPerWorkspace }),
    ...(entry.budgetPerUserDailyUsd !== undefined && { budgetPerUserDailyUsd: entry.budgetPerUserDailyUsd }),
    ...(entry.budgetPerWorkspaceMonthlyUsd !== undefined && {
      budgetPerWorkspaceMonthlyUsd: entry.budgetPerWorkspaceMonthlyUsd,
    }),
    ...(entry.modlogChannelId !== undefined && { modlogChannelId: entry.modlogChannelId }),
    ...(entry.spoilers !== undefined && { spoilers: entry.spoilers }),
    ...(entry.spoilerChannelIds && { spoilerChannelIds: entry.spoilerChannelIds }),
  };
}

/** A platform's section in the rules' words: what it calls roles or user groups, guilds or workspaces. */
interface AccessSection {
  readonly allowedChannelIds?: readonly string[];
  readonly deniedChannelIds?: readonly string[];
  readonly allowedGroupIds?: readonly string[];
  readonly deniedGroupIds?: readonly string[];
  readonly allowedWorkspaceIds?: readonly string[];
  readonly allowDirectMessages?: boolean;
  readonly adminsBypassLimits?: boolean;
  readonly modlogChannelId?: string;
  readonly spoilers?: boolean;
  readonly spoilerChannelIds?: readonly string[];
  readonly overrides?: Readonly<Record<string, FileOverride>>;
}

// Each platform names the same rules its own way; past these renames both sections are one.
const inRulesWords: { [P in Platform]: (section: NonNullable<PolicyFile[P]>) => AccessSection } = {
  discord: ({ allowedRoleIds, deniedRoleIds, allowedGuildIds, guilds, ...shared }) => ({
    ...shared,
    allowedGroupIds: allowedRoleIds,
    deniedGroupIds: deniedRoleIds,
    allowedWorkspaceIds: allowedGuildIds,
    overrides: guilds,
  }),
  slack: ({ allowedUsergroupIds, workspaces, ...shared }) => ({
    ...shared,
    allowedGroupIds: allowedUsergroupIds,
    overrides: workspaces,
  }),
};

/** A platform's rules with its section laid over them; a platform that is off stays off. */
function mergeAccess(
  base: AccessRules | undefined,
  section: AccessSection | undefined,
): AccessRules | undefined {
  if (!base || !section) return base;
  const { overrides, ...rules } = section;
  const said = Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
  return {
    ...base,
    ...said,
    ...(overrides && {
      workspaces: Object.fromEntries(Object.entries(overrides).map(([id, entry]) => [id, toOverride(entry)])),
    }),
  };
}

/** One platform's rules with its section of the file laid over them. */
function laidOver<P extends Platform>(
  platform: P,
  config: Config,
  file: PolicyFile,
): AccessRules | undefined {
  const section = file[platform];
  return mergeAccess(config.rules.access[platform], section ? inRulesWords[platform](section) : undefined);
}

/** The file's limits by the setting key admins know them by in chat. */
const limitSettings = {
  cooldownSeconds: "cooldown_seconds",
  dailyLimitPerUser: "daily_limit_per_user",
  dailyLimitPerWorkspace: "daily_limit_per_workspace",
  maxQueuedPerUser: "max_queued_per_user",
  budgetPerUserDailyUsd: "budget_per_user_daily_usd",
  budgetPerWorkspaceMonthlyUsd: "budget_per_workspace_monthly_usd",
} as const satisfies Partial<Record<keyof NonNullable<PolicyFile["limits"]>, SettingKey>>;

/** The setting keys the file sets, so `show` can name it as their source. */
function settingsIn(file: PolicyFile): string[] {
  const keys: string[] = Object.entries(limitSettings)
    .filter(([name]) => file.limits?.[name as keyof typeof limitSettings] !== undefined)
    .map(([, key]) => key);
  for (const platform of ["discord", "slack"] as const) {
    if (file[platform]?.modlogChannelId !== undefined) keys.push(`${platform}:modlog_channel`);
  }
  if (file.discord?.spoilers !== undefined) keys.push("discord:spoilers");
  return keys;
}

/** The configuration with the policy file laid over it: the file wins where it speaks. */
export function applyPolicyFile(config: Config, file: PolicyFile): Config {
  const { users, limits, moderation, prices } = file;
  const discord = laidOver("discord", config, file);
  const slack = laidOver("slack", config, file);
  const rules: PolicyRules = {
    access: { ...(discord && { discord }), ...(slack && { slack }) },
    users: {
      allowedUserIds: users?.allowed ?? config.rules.users.allowedUserIds,
      deniedUserIds: users?.denied ?? config.rules.users.deniedUserIds,
    },
    limits: {
      cooldownSeconds: limits?.cooldownSeconds ?? config.rules.limits.cooldownSeconds,
      dailyLimitPerUser: limits?.dailyLimitPerUser ?? config.rules.limits.dailyLimitPerUser,
      dailyLimitPerWorkspace: limits?.dailyLimitPerWorkspace ?? config.rules.limits.dailyLimitPerWorkspace,
      budgetPerUserDailyUsd: limits?.budgetPerUserDailyUsd ?? config.rules.limits.budgetPerUserDailyUsd ?? 0,
      budgetPerWorkspaceMonthlyUsd:
        limits?.budgetPerWorkspaceMonthlyUsd ?? config.rules.limits.budgetPerWorkspaceMonthlyUsd ?? 0,
    },
    // The environment's terms stay blocked; the file's are blocked besides.
    moderation: {
      blockedTerms: [...config.rules.moderation.blockedTerms, ...(moderation?.blocked ?? [])],
    },
    fromPolicyFile: settingsIn(file),
    lockedSettings: file.lockedSettings ?? [],
  };
  return {
    ...config,
    rules,
    prices: {
      ...config.prices,
      ...Object.fromEntries(
        Object.entries(prices ?? {}).map(([model, each]) => [
          model,
          "perRequest" in each ? each : { inputPerMillion: each.input, outputPerMillion: each.output },
        ]),
      ),
    },
    limits: {
      ...config.limits,
      concurrency: limits?.concurrency ?? config.limits.concurrency,
      maxQueuedPerUser: limits?.maxQueuedPerUser ?? config.limits.maxQueuedPerUser,
    },
    images: {
      ...config.images,
      maxImagesPerRequest: limits?.maxImagesPerRequest ?? config.images.maxImagesPerRequest,
      maxPromptLength: limits?.maxPromptLength ?? config.images.maxPromptLength,
    },
  };
}
