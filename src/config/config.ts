import { z } from "zod";
import { acceptsSize, findModel, knownModels } from "../core/requests/models.ts";
import type { PolicyRules } from "../core/policy/access-rules.ts";
import type { ModelPrice } from "../core/money/prices.ts";
import { createBlockedTerms, InvalidBlockedTerm } from "../core/moderation/blocked-terms.ts";
import type { ImageSettings, OutputFormat } from "../core/requests/request.ts";
import { decimal, flag, httpUrl, integer, optional, splitList, text } from "../kit/env-fields.ts";
import { readRedisSettings, storeVariables, type RedisSettings } from "./store-config.ts";
import {
  checkDiscordVariables,
  discordVariables,
  readDiscordAccess,
  readDiscordSettings,
  type DiscordSettings,
} from "../discord/config.ts";
import {
  checkSlackVariables,
  readSlackAccess,
  readSlackSettings,
  slackVariables,
  type SlackSettings,
} from "../slack/config.ts";

/** `json`: one JSON object a line, for machines. `pretty`: readable lines, for people. */
export type LogFormat = "json" | "pretty";

/** Everything the bot is configured with, parsed once at start. */
export interface Config {
  readonly cometapi: {
    readonly apiKey: string;
    readonly baseUrl: string;
    /** Overall deadline of one generation, retries included. */
    readonly timeoutMs: number;
    /** Longest silence tolerated on a streaming answer before giving up on it. */
    readonly idleTimeoutMs: number;
    readonly maxRetries: number;
  };
  /** CometAPI's balance, read from its balance query service at start and every `everyMs`. */
  readonly balance: {
    /**
     * COMETAPI_QUOTA_URL: the service's base, without trailing slashes. Unset (no balance read)
     * when the API is not CometAPI's own and neither this nor COMETAPI_QUOTA_KEY was set: the API
     * key must not go to CometAPI's query service for a gateway it does not know.
     */
    readonly quotaUrl?: string;
    /** COMETAPI_QUOTA_KEY: a query-only key; unset, the API key is asked about. A secret. */
    readonly quotaKey?: string;
    readonly everyMs: number;
    /** Below this many US dollars the balance is low and warned of; 0: never. */
    readonly lowUsd: number;
  };
  /** Set when DISCORD_TOKEN is: the Discord adapter starts. */
  readonly discord?: DiscordSettings;
  /** Set when SLACK_BOT_TOKEN is: the Slack adapter starts. */
  readonly slack?: SlackSettings;
  readonly images: ImageSettings & {
    /** Partial previews asked of models that stream them (0–3). */
    readonly partialImages: number;
    /** Largest image the bot downloads or decodes. */
    readonly maxImageBytes: number;
    /** Largest image a person may give the bot to edit (IMAGINE_MAX_INPUT_IMAGE_MB). */
    readonly maxInputImageBytes: number;
  };
  readonly limits: {
    readonly concurrency: number;
    /** Memory running jobs may hold together (estimated from their sizes); more wait their turn. */
    readonly memoryBytes: number;
    readonly maxQueuedPerUser: number;
  };
  /** Who may imagine where, and how much: from the environment, refined by the policy file. */
  readonly rules: PolicyRules;
  /** A JSON or YAML policy file to lay over the environment's rules. */
  readonly policyFile?: string;
  /** The operator's prices by model (the policy file's `prices:`), over CometAPI's catalog. */
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** Least time between two progress edits of one message. */
  readonly progressIntervalMs: number;
  readonly port: number;
  /** The address the HTTP server listens on. */
  readonly host: string;
  readonly logLevel: string;
  /** Set by LOG_FORMAT; when absent, pretty on a terminal and JSON otherwise (decided at start). */
  readonly logFormat?: LogFormat;
  /** Where the embedded store keeps its file; not used with `redis`. */
  readonly dataDir: string;
  /** Set when REDIS_URL is: the store is that Redis, shared by every instance of the bot. */
  readonly redis?: RedisSettings;
  readonly shutdownGraceMs: number;
  /** Operators on every platform: they may delete anyone's image (IMAGINE_ADMIN_USER_IDS). */
  readonly operatorUserIds: readonly string[];
  /** Job records (and so their buttons and the history) are kept this long. */
  readonly jobRetentionDays: number;
  /**
   * Plain http to loopback for edit inputs and result URLs (IMAGINE_ALLOW_LOOPBACK_URLS): only for
   * tests against local fakes; off by default, and the bot warns at start when it is on.
   */
  readonly allowLoopbackUrls: boolean;
}

/** Thrown while loading the configuration, with one readable line per problem. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

// People may be named bare ("123") or with their platform ("discord:123", "slack:U123").
const userIdList = optional(
  z
    .string()
    .transform(splitList)
    .refine((ids) => ids.every((id) => /^((discord|slack):)?[A-Za-z0-9_-]+$/.test(id)), {
      error: "must be a comma-separated list of user ids, optionally as discord:ID or slack:ID",
    }),
).transform((value) => value ?? []);

const modelIds = knownModels.map((model) => model.id);
const modelId = z.enum(modelIds, { error: `must be one of ${modelIds.join(", ")}` });

const defaultBaseUrl = "https://api.cometapi.com/v1";
const defaultQuotaUrl = "https://query.cometapi.com";

/** The variables that belong to no one platform: CometAPI, images, limits, server, logs. */
const sharedVariables = z.object({
  COMETAPI_API_KEY: text("required").pipe(z.string({ error: "required: set it to your CometAPI key" })),
  COMETAPI_BASE_URL: httpUrl(defaultBaseUrl),
  COMETAPI_TIMEOUT_SECONDS: integer(300, 5, 3600),
  COMETAPI_IDLE_TIMEOUT_SECONDS: integer(120, 5, 3600),
  COMETAPI_MAX_RETRIES: integer(3, 0, 10),
  COMETAPI_QUOTA_URL: httpUrl(defaultQuotaUrl),
  COMETAPI_QUOTA_KEY: text("must be a CometAPI key"),
  PORT: integer(3000, 0, 65535),
  HOST: text("must be an address such as 0.0.0.0 or 127.0.0.1").transform((value) => value ?? "0.0.0.0"),
  LOG_LEVEL: optional(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "must be one of fatal, error, warn, info, debug, trace, silent",
    }),
  ).transform((value) => value ?? "info"),
  LOG_FORMAT: optional(z.enum(["json", "pretty"], { error: "must be json or pretty" })),
  DATA_DIR: text("must be a path").transform((value) => value ?? "./data"),
  IMAGINE_DEFAULT_MODEL: optional(modelId).transform((value) => value ?? "gpt-image-1"),
  IMAGINE_MODELS: optional(
    z
      .string()
      .transform(splitList)
      .pipe(z.array(modelId).min(1, { error: "must name at least one model" })),
  ),
  IMAGINE_DEFAULT_SIZE: text("must be a size such as 1024x1024"),
  IMAGINE_DEFAULT_QUALITY: text("must be a quality such as high"),
  IMAGINE_DEFAULT_COUNT: integer(1, 1, 10),
  IMAGINE_OUTPUT_FORMAT: optional(
    z.enum(["png", "jpeg", "webp"], { error: "must be png, jpeg or webp" }),
  ).transform((value): OutputFormat => value ?? "png"),
  IMAGINE_PARTIAL_IMAGES: integer(2, 0, 3),
  IMAGINE_MAX_IMAGES_PER_REQUEST: integer(4, 1, 10),
  IMAGINE_MAX_PROMPT_LENGTH: integer(4000, 1, 32_000),
  IMAGINE_MAX_IMAGE_MB: integer(25, 1, 100),
  // CometAPI's edits route takes images of up to 50 MB (OpenAI's limit for the gpt-image models).
  IMAGINE_MAX_INPUT_IMAGE_MB: integer(20, 1, 50),
  IMAGINE_ALLOW_LOOPBACK_URLS: flag(false),
  IMAGINE_MAX_CONCURRENCY: integer(4, 1, 100),
  IMAGINE_MAX_JOB_MEMORY_MB: integer(128, 16, 65_536),
  IMAGINE_MAX_QUEUED_PER_USER: integer(3, 1, 100),
  IMAGINE_COOLDOWN_SECONDS: integer(0, 0, 86_400),
  IMAGINE_DAILY_LIMIT_PER_USER: integer(0, 0, 1_000_000),
  IMAGINE_SHUTDOWN_GRACE_SECONDS: integer(20, 0, 600),
  IMAGINE_PROGRESS_INTERVAL_MS: integer(1000, 0, 60_000),
  IMAGINE_ALLOWED_USER_IDS: userIdList,
  IMAGINE_DENIED_USER_IDS: userIdList,
  IMAGINE_ADMINS_BYPASS_LIMITS: flag(false),
  IMAGINE_ADMIN_USER_IDS: userIdList,
  IMAGINE_JOB_RETENTION_DAYS: integer(30, 1, 3650),
  IMAGINE_DAILY_LIMIT_PER_WORKSPACE: integer(0, 0, 10_000_000),
  IMAGINE_POLICY_FILE: text("must be a path"),
  IMAGINE_BUDGET_PER_USER_DAILY_USD: decimal(0, 0, 1_000_000),
  IMAGINE_BUDGET_PER_WORKSPACE_MONTHLY_USD: decimal(0, 0, 100_000_000),
  IMAGINE_BALANCE_CHECK_MINUTES: integer(30, 1, 1440),
  IMAGINE_LOW_BALANCE_USD: decimal(0, 0, 100_000_000),
  IMAGINE_BLOCKED_TERMS: optional(z.string().transform(splitList)).transform((value) => value ?? []),
});

// Each platform contributes its own variables; the bot reads them all in one pass.
const envSchema = sharedVariables
  .extend(storeVariables.shape)
  .extend(discordVariables.shape)
  .extend(slackVariables.shape);

/**
 * Every environment variable the bot reads, straight from the schema: the one list that the
 * unknown-variable warnings and the documentation checks compare against.
 */
export const configVariables: readonly string[] = Object.keys(envSchema.shape);

type Env = z.infer<typeof envSchema>;

type RawEnv = Record<string, string | undefined>;

const isSet = (env: RawEnv, name: string) => (env[name] ?? "").trim() !== "";

/** Problems that involve more than one variable; they only need to know what is set. */
function presenceChecks(env: RawEnv): string[] {
  const listens = isSet(env, "DISCORD_TOKEN") || isSet(env, "SLACK_BOT_TOKEN");
  return [
    ...(listens
      ? []
      : ["DISCORD_TOKEN or SLACK_BOT_TOKEN: set at least one, so the bot has somewhere to listen"]),
    ...checkDiscordVariables(env),
    ...checkSlackVariables(env),
  ];
}

/** Problems between parsed values: the image defaults must suit the default model. */
function consistencyChecks(env: Env): string[] {
  const problems: string[] = [];
  const model = findModel(env.IMAGINE_DEFAULT_MODEL);
  if (env.IMAGINE_MODELS && !env.IMAGINE_MODELS.includes(env.IMAGINE_DEFAULT_MODEL)) {
    problems.push(`IMAGINE_MODELS: must include the default model ${env.IMAGINE_DEFAULT_MODEL}`);
  }
  if (model && env.IMAGINE_DEFAULT_SIZE && !acceptsSize(model, env.IMAGINE_DEFAULT_SIZE)) {
    problems.push(`IMAGINE_DEFAULT_SIZE: ${env.IMAGINE_DEFAULT_SIZE} is not a size ${model.id} makes`);
  }
  if (model && env.IMAGINE_DEFAULT_QUALITY && !model.qualities.includes(env.IMAGINE_DEFAULT_QUALITY)) {
    const options = model.qualities.length
      ? `use ${model.qualities.join(", ")}`
      : "it has no quality setting";
    problems.push(
      `IMAGINE_DEFAULT_QUALITY: ${model.id} does not take ${env.IMAGINE_DEFAULT_QUALITY}; ${options}`,
    );
  }
  const blocked = checkBlockedTerms(env.IMAGINE_BLOCKED_TERMS);
  if (blocked) problems.push(`IMAGINE_BLOCKED_TERMS: ${blocked}`);
  return problems;
}

/** Why the blocked terms cannot be used, or undefined when every one compiles. */
export function checkBlockedTerms(terms: readonly string[]): string | undefined {
  try {
    createBlockedTerms(terms);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidBlockedTerm) return error.message;
    throw error;
  }
}

function rulesFrom(env: Env): PolicyRules {
  const adminsBypassLimits = env.IMAGINE_ADMINS_BYPASS_LIMITS;
  const discord = readDiscordAccess(env, adminsBypassLimits);
  const slack = readSlackAccess(env, adminsBypassLimits);
  return {
    access: { ...(discord && { discord }), ...(slack && { slack }) },
    users: { allowedUserIds: env.IMAGINE_ALLOWED_USER_IDS, deniedUserIds: env.IMAGINE_DENIED_USER_IDS },
    limits: {
      cooldownSeconds: env.IMAGINE_COOLDOWN_SECONDS,
      dailyLimitPerUser: env.IMAGINE_DAILY_LIMIT_PER_USER,
      dailyLimitPerWorkspace: env.IMAGINE_DAILY_LIMIT_PER_WORKSPACE,
      budgetPerUserDailyUsd: env.IMAGINE_BUDGET_PER_USER_DAILY_USD,
      budgetPerWorkspaceMonthlyUsd: env.IMAGINE_BUDGET_PER_WORKSPACE_MONTHLY_USD,
    },
    moderation: { blockedTerms: env.IMAGINE_BLOCKED_TERMS },
  };
}

/** Whether the balance is read: from CometAPI's own API, or where the operator said to. */
function readsBalance(env: Env): boolean {
  return (
    env.COMETAPI_BASE_URL === defaultBaseUrl ||
    env.COMETAPI_QUOTA_URL !== defaultQuotaUrl ||
    env.COMETAPI_QUOTA_KEY !== undefined
  );
}

function toConfig(env: Env): Config {
  const discord = readDiscordSettings(env);
  const slack = readSlackSettings(env);
  const redis = readRedisSettings(env);
  return {
    cometapi: {
      apiKey: env.COMETAPI_API_KEY,
      baseUrl: env.COMETAPI_BASE_URL,
      timeoutMs: env.COMETAPI_TIMEOUT_SECONDS * 1000,
      idleTimeoutMs: env.COMETAPI_IDLE_TIMEOUT_SECONDS * 1000,
      maxRetries: env.COMETAPI_MAX_RETRIES,
    },
    balance: {
      ...(readsBalance(env) && { quotaUrl: env.COMETAPI_QUOTA_URL }),
      ...(env.COMETAPI_QUOTA_KEY && { quotaKey: env.COMETAPI_QUOTA_KEY }),
      everyMs: env.IMAGINE_BALANCE_CHECK_MINUTES * 60_000,
      lowUsd: env.IMAGINE_LOW_BALANCE_USD,
    },
    ...(discord && { discord }),
    ...(slack && { slack }),
    images: {
      defaultModel: env.IMAGINE_DEFAULT_MODEL,
      defaultSize: env.IMAGINE_DEFAULT_SIZE,
      defaultQuality: env.IMAGINE_DEFAULT_QUALITY,
      defaultCount: env.IMAGINE_DEFAULT_COUNT,
      outputFormat: env.IMAGINE_OUTPUT_FORMAT,
      models: env.IMAGINE_MODELS ?? modelIds,
      maxImagesPerRequest: env.IMAGINE_MAX_IMAGES_PER_REQUEST,
      maxPromptLength: env.IMAGINE_MAX_PROMPT_LENGTH,
      partialImages: env.IMAGINE_PARTIAL_IMAGES,
      maxImageBytes: env.IMAGINE_MAX_IMAGE_MB * 1024 * 1024,
      maxInputImageBytes: env.IMAGINE_MAX_INPUT_IMAGE_MB * 1024 * 1024,
    },
    limits: {
      concurrency: env.IMAGINE_MAX_CONCURRENCY,
      memoryBytes: env.IMAGINE_MAX_JOB_MEMORY_MB * 1024 * 1024,
      maxQueuedPerUser: env.IMAGINE_MAX_QUEUED_PER_USER,
    },
    rules: rulesFrom(env),
    ...(env.IMAGINE_POLICY_FILE && { policyFile: env.IMAGINE_POLICY_FILE }),
    prices: {},
    progressIntervalMs: env.IMAGINE_PROGRESS_INTERVAL_MS,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    ...(env.LOG_FORMAT && { logFormat: env.LOG_FORMAT }),
    dataDir: env.DATA_DIR,
    ...(redis && { redis }),
    shutdownGraceMs: env.IMAGINE_SHUTDOWN_GRACE_SECONDS * 1000,
    operatorUserIds: env.IMAGINE_ADMIN_USER_IDS,
    jobRetentionDays: env.IMAGINE_JOB_RETENTION_DAYS,
    allowLoopbackUrls: env.IMAGINE_ALLOW_LOOPBACK_URLS,
  };
}

/**
 * Reads the configuration from an environment object alone; `loadConfig` adds the policy file.
 * @throws ConfigError listing every problem at once, one line each, naming the variable.
 */
export function readEnvironment(env: RawEnv): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? consistencyChecks(parsed.data)
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "config")}: ${issue.message}`);
  problems.push(...presenceChecks(env));
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)]);
  return toConfig(parsed.data);
}
