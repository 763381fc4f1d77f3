import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { AccessRules, PolicyRules, WorkspaceOverride } from "../core/policy/access-rules.ts";
import type { Config } from "./config.ts";
import { ConfigError } from "./config.ts";

// Ids may be written unquoted: the reader keeps integers beyond 2^53 as bigint (exact), and
// String() turns either kind back into the digits the file holds.
const ids = z.array(z.union([z.string(), z.number(), z.bigint()]).transform(String)).readonly();
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
  })
  .partial()
  .strict();

const platform = z
  .object({
    allowedChannelIds: ids,
    deniedChannelIds: ids,
    allowDirectMessages: z.boolean(),
    adminsBypassLimits: z.boolean(),
  })
  .partial();

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
      })
      .partial()
      .strict(),
    users: z.object({ allowed: ids, denied: ids }).partial().strict(),
    discord: platform
      .extend({
        allowedGuildIds: ids.optional(),
        allowedRoleIds: ids.optional(),
        deniedRoleIds: ids.optional(),
        guilds: z.record(z.string(), workspaceOverride).optional(),
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

function overrides(
  entries: Record<string, z.infer<typeof workspaceOverride>> | undefined,
): Record<string, WorkspaceOverride> | undefined {
  if (!entries) return undefined;
  return Object.fromEntries(
    Object.entries(entries).map(([id, entry]) => {
      const override: WorkspaceOverride = {
        ...(entry.allowedChannelIds && { allowedChannelIds: entry.allowedChannelIds }),
        ...(entry.deniedChannelIds && { deniedChannelIds: entry.deniedChannelIds }),
        ...((entry.allowedRoleIds ?? entry.allowedUsergroupIds) && {
          allowedGroupIds: entry.allowedRoleIds ?? entry.allowedUsergroupIds,
        }),
        ...(entry.deniedRoleIds && { deniedGroupIds: entry.deniedRoleIds }),
        ...(entry.cooldownSeconds !== undefined && { cooldownSeconds: entry.cooldownSeconds }),
        ...(entry.dailyLimitPerUser !== undefined && { dailyLimitPerUser: entry.dailyLimitPerUser }),
        ...((entry.dailyLimitPerGuild ?? entry.dailyLimitPerWorkspace) !== undefined && {
          dailyLimitPerWorkspace: entry.dailyLimitPerGuild ?? entry.dailyLimitPerWorkspace,
        }),
      };
      return [id, override];
    }),
  );
}

function mergeAccess(
  base: AccessRules | undefined,
  file: Partial<AccessRules> | undefined,
): AccessRules | undefined {
  if (!base) return undefined;
  if (!file) return base;
  const defined = Object.fromEntries(Object.entries(file).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}

/** The configuration with the policy file laid over it: the file wins where it speaks. */
export function applyPolicyFile(config: Config, file: PolicyFile): Config {
  const { discord, slack, users, limits } = file;
  const rules: PolicyRules = {
    access: {
      discord: mergeAccess(config.rules.access.discord, {
        allowedChannelIds: discord?.allowedChannelIds,
        deniedChannelIds: discord?.deniedChannelIds,
        allowedGroupIds: discord?.allowedRoleIds,
        deniedGroupIds: discord?.deniedRoleIds,
        allowedWorkspaceIds: discord?.allowedGuildIds,
        allowDirectMessages: discord?.allowDirectMessages,
        adminsBypassLimits: discord?.adminsBypassLimits,
        workspaces: overrides(discord?.guilds),
      } as Partial<AccessRules>),
      slack: mergeAccess(config.rules.access.slack, {
        allowedChannelIds: slack?.allowedChannelIds,
        deniedChannelIds: slack?.deniedChannelIds,
        allowedGroupIds: slack?.allowedUsergroupIds,
        allowedWorkspaceIds: slack?.allowedWorkspaceIds,
        allowDirectMessages: slack?.allowDirectMessages,
        adminsBypassLimits: slack?.adminsBypassLimits,
        workspaces: overrides(slack?.workspaces),
      } as Partial<AccessRules>),
    },
    users: {
      allowedUserIds: users?.allowed ?? config.rules.users.allowedUserIds,
      deniedUserIds: users?.denied ?? config.rules.users.deniedUserIds,
    },
    limits: {
      cooldownSeconds: limits?.cooldownSeconds ?? config.rules.limits.cooldownSeconds,
      dailyLimitPerUser: limits?.dailyLimitPerUser ?? config.rules.limits.dailyLimitPerUser,
      dailyLimitPerWorkspace: limits?.dailyLimitPerWorkspace ?? config.rules.limits.dailyLimitPerWorkspace,
    },
  };
  return {
    ...config,
    rules,
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
