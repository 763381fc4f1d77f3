import type { AccessRules, WorkspaceOverride } from "../core/policy/access-rules.ts";
import type { Platform } from "../core/policy/actor.ts";
import type { Config } from "../config/config.ts";

// A long allow list would drown the log: show the first few and how many more there are.
const shownIds = 10;

function listOf(ids: readonly string[] | undefined, none: string): string {
  if (!ids || ids.length === 0) return none;
  const rest = ids.length - shownIds;
  return rest > 0 ? `${ids.slice(0, shownIds).join(", ")} and ${rest} more` : ids.join(", ");
}

const words = {
  discord: { name: "Discord", workspace: "guild", workspaces: "guilds", groups: "roles" },
  slack: { name: "Slack", workspace: "workspace", workspaces: "workspaces", groups: "user groups" },
} as const;

function accessLine(platform: Platform, rules: AccessRules): string {
  const word = words[platform];
  return [
    `${word.name} access: ${word.workspaces} ${listOf(rules.allowedWorkspaceIds, "any")}`,
    `channels ${listOf(rules.allowedChannelIds, "any")}`,
    `denied channels ${listOf(rules.deniedChannelIds, "none")}`,
    `${word.groups} ${listOf(rules.allowedGroupIds, "any")}`,
    `denied ${word.groups} ${listOf(rules.deniedGroupIds, "none")}`,
    `direct messages ${rules.allowDirectMessages ? "allowed" : "refused"}`,
    rules.adminsBypassLimits ? "admins skip the limits" : "limits apply to admins too",
  ].join("; ");
}

const perDay = (count: number, who: string) =>
  count > 0 ? `${count} images per ${who} a day` : `no daily limit per ${who}`;

const cooldown = (seconds: number) => (seconds > 0 ? `cooldown ${seconds} s` : "no cooldown");

function overrideLine(platform: Platform, id: string, override: WorkspaceOverride): string {
  const word = words[platform];
  const parts = [
    override.allowedChannelIds && `channels ${listOf(override.allowedChannelIds, "any")}`,
    override.deniedChannelIds && `denied channels ${listOf(override.deniedChannelIds, "none")}`,
    override.allowedGroupIds && `${word.groups} ${listOf(override.allowedGroupIds, "any")}`,
    override.deniedGroupIds && `denied ${word.groups} ${listOf(override.deniedGroupIds, "none")}`,
    override.cooldownSeconds !== undefined && cooldown(override.cooldownSeconds),
    override.dailyLimitPerUser !== undefined && perDay(override.dailyLimitPerUser, "person"),
    override.dailyLimitPerWorkspace !== undefined && perDay(override.dailyLimitPerWorkspace, word.workspace),
  ].filter((part): part is string => typeof part === "string");
  return `${word.name} ${word.workspace} ${id}: ${parts.join("; ") || "as the platform's rules"}`;
}

function discordLine(discord: NonNullable<Config["discord"]>): string {
  if (discord.mode === "gateway") return "Discord (gateway)";
  // The public key is no secret, but a few characters are enough to tell which one is set.
  const key = discord.publicKey ? `, public key ${discord.publicKey.slice(0, 8)}…` : "";
  return `Discord (HTTP interactions at /discord/interactions${key})`;
}

/**
 * The rules in force, in a few lines for the start-up log: platforms, where and who, how much,
 * and where the rules came from. Pure: the entry point logs the lines.
 */
export function describeSettings(config: Config): string[] {
  const platforms = [
    config.discord && discordLine(config.discord),
    config.slack && `Slack (${config.slack.appToken ? "Socket Mode" : "HTTP mode"})`,
  ].filter(Boolean);
  const lines = [`platforms: ${platforms.join(", ")}`];
  for (const platform of ["discord", "slack"] as const) {
    const rules = config.rules.access[platform];
    if (!rules) continue;
    lines.push(accessLine(platform, rules));
    for (const [id, override] of Object.entries(rules.workspaces ?? {})) {
      lines.push(overrideLine(platform, id, override));
    }
  }
  const { users, limits } = config.rules;
  lines.push(
    `users refused by name: ${listOf(users.deniedUserIds, "none")}; ` +
      `users let past the role and group rules: ${listOf(users.allowedUserIds, "none")}; ` +
      `operators who may delete any image: ${listOf(config.operatorUserIds, "none")}`,
    [
      `limits: ${cooldown(limits.cooldownSeconds)}`,
      perDay(limits.dailyLimitPerUser, "person"),
      perDay(limits.dailyLimitPerWorkspace, "guild or workspace"),
      `${config.limits.maxQueuedPerUser} queued per person`,
      `${config.limits.concurrency} running at once`,
      `up to ${config.images.maxImagesPerRequest} images per request`,
      `jobs kept ${config.jobRetentionDays} days`,
    ].join("; "),
    config.policyFile
      ? `policy file: ${config.policyFile} (laid over the environment's rules)`
      : "policy file: none (IMAGINE_POLICY_FILE is not set)",
    storeLine(config),
  );
  return lines;
}

/** Where state lives: the host and port of a Redis only, never its URL (it may hold a password). */
function storeLine({ redis, dataDir }: Config): string {
  if (!redis) return `store: SQLite under ${dataDir} (one process; REDIS_URL shares the store among several)`;
  // The lease runs out, then the next sweep (every half lease) of another instance closes them.
  const lease = redis.leaseMs / 1000;
  return (
    `store: Redis at ${redis.address}, keys under ${redis.prefix}, shared by every instance; ` +
    `a stopped instance's jobs are closed by another within ${lease * 1.5} s; ` +
    "DATA_DIR is not used"
  );
}
