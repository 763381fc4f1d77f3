import type { AccessRules, LimitRules, ModerationRules, PolicyRules } from "./access-rules.ts";
import { actorKey, type Actor, type Platform } from "./actor.ts";
import { ImagineError } from "../errors/errors.ts";
import type { JobRecord } from "../jobs/job-record.ts";
import type { GenerationRequest } from "../requests/request.ts";
import type { Claim, ClaimRefusal, TakenClaim } from "../store/claim.ts";
import type { Store } from "../store/store.ts";
import { monthOf, utcDay } from "../../kit/utc-day.ts";
import { createBlockedTerms, type BlockedTerms } from "../moderation/blocked-terms.ts";
import type { UsageReport } from "../money/usage-report.ts";
import {
  resolvePlace,
  ruleChannelOf,
  scopesOf,
  isKnownStoredKey,
  type BaseRules,
  type ImageDefaults,
  type PlaceSettings,
} from "../settings/resolve-place.ts";

export type { AccessRules } from "./access-rules.ts";

export interface PolicyOptions extends Partial<Omit<PolicyRules, "limits">> {
  readonly access: PolicyRules["access"];
  /** Minimum seconds between one person's jobs; 0 = none. */
  readonly cooldownSeconds: number;
  /** Images one person may make per UTC day; 0 = unlimited. */
  readonly dailyLimitPerUser: number;
  /** Images one guild or workspace may make per UTC day; 0 = unlimited. */
  readonly dailyLimitPerWorkspace?: number;
  /** Jobs one person may have waiting or running at once; 0 or unset = no limit. */
  readonly maxQueuedPerUser?: number;
  /** Operators on every platform (IMAGINE_ADMIN_USER_IDS), written as the policy file writes users. */
  readonly operatorUserIds?: readonly string[];
  /** What prompts may not say; nothing is blocked when unset. */
  readonly moderation?: ModerationRules;
  /** US dollars one person may spend per UTC day; 0 or unset = no budget. */
  readonly budgetPerUserDailyUsd?: number;
  /** US dollars one guild or workspace may spend per UTC month; 0 or unset = no budget. */
  readonly budgetPerWorkspaceMonthlyUsd?: number;
  /**
   * What a request is expected to cost in US dollars, held against the budgets until its real
   * cost is known; undefined when its model has no known price (it then passes the budgets).
   */
  readonly estimateUsd?: (request: GenerationRequest) => number | undefined;
  /** The operator's image defaults and enabled models, which admins may replace per place in chat. */
  readonly images?: ImageDefaults;
  readonly store: Store;
  readonly now: () => number;
}

/**
 * A job let through: it holds one of its person's places in line, their cooldown started and its
 * images counted. Each method acts once, however often it is called.
 */
export interface Admission {
  /** The job has ended: its place in line is free again (the images stay counted). */
  release(): Promise<void>;
  /** Undo the charge when nothing was made (failure, cancellation): images and cooldown back. */
  refund(): Promise<void>;
  /** The job's real cost is known: it replaces what was held for it against the budgets. */
  settle(costUsd: number): Promise<void>;
}

export interface Policy {
  /**
   * Decides, and when allowed, takes the place in line, the cooldown and the quota in one atomic
   * step of the store: simultaneous requests never pass a limit together. With `job`, its row
   * is written in that same step. Rejects when the store does.
   */
  admit(
    actor: Actor,
    request: GenerationRequest,
    job?: JobRecord,
    place?: PlaceSettings,
  ): Promise<Admission | ImagineError>;
  /**
   * The admission of a job another instance admitted, read back from its row (its claim), for
   * the instance that runs it (Redis mode's shared queue): releasing frees the place it holds in
   * this instance. A job whose claim was given back already has nothing to refund or settle.
   */
  admissionOf(job: JobRecord): Admission;
  /**
   * Everything in force where `actor` is (or, with `channelId`, in that channel of their guild or
   * workspace; with `null`, in the guild or workspace as a whole): the operator's rules with the
   * settings admins made in chat laid over them. Rejects when the store does.
   */
  placeOf(actor: Actor, channelId?: string | null): Promise<PlaceSettings>;
  /** The operator's rules on a platform, before chat: what `placeOf` starts from. */
  baseRules(platform: Platform): BaseRules;
  /** Whether this person may act on anyone's job: an operator, or a moderator where they are. */
  mayModerate(actor: Actor): Promise<boolean>;
  /** Whether this person administers where they are (Manage Server, a workspace admin) or is an operator. */
  isAdmin(actor: Actor): Promise<boolean>;
  /** What this person (and, for an admin, their guild or workspace) made and spent. */
  usage(actor: Actor): Promise<Omit<UsageReport, "balance">>;
  /** Where refusals for moderation made where `actor` is are posted, if anywhere. */
  modlogChannel(actor: Actor, place?: PlaceSettings): string | undefined;
  /**
   * The platform's own mod-log channels (not its guilds' or workspaces': what concerns the bot's
   * operator, such as the CometAPI balance, is not every community's business).
   */
  modlogChannels(platform: Platform): readonly string[];
  /** Whether results where `actor` is are posted as spoilers. */
  spoiler(actor: Actor, place?: PlaceSettings): boolean;
  /**
   * Puts new rules in force for the next request (a policy file edited while the bot runs).
   * @throws InvalidBlockedTerm when a blocked term cannot be used; the rules in force stay.
   */
  replaceRules(rules: PolicyRules, maxQueuedPerUser?: number): void;
}

const secondsToMidnightUtc = (at: number) => Math.ceil((86_400_000 - (at % 86_400_000)) / 1000);

/** Seconds until the next UTC month starts. */
function secondsToNextMonthUtc(at: number): number {
  const date = new Date(at);
  const next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return Math.ceil((next - at) / 1000);
}

const toMicro = (usd: number) => Math.round(usd * 1_000_000);
const fromMicro = (micro: number) => micro / 1_000_000;

const names = (ids: readonly string[], actor: Actor) =>
  new Set(ids.flatMap((id) => (id.includes(":") ? [id] : [id, `${actor.platform}:${id}`])));

/** Access: who and where. Undefined when allowed. */
async function checkAccess(
  rules: AccessRules | undefined,
  users: PolicyRules["users"],
  actor: Actor,
  blockedHere: readonly string[],
): Promise<ImagineError | undefined> {
  const self = `${actor.platform}:${actor.userId}`;
  if (names(users.deniedUserIds, actor).has(self) || blockedHere.includes(actor.userId)) {
    return new ImagineError("not_allowed_user");
  }
  if (!rules) return undefined;
  if (actor.isDirectMessage) {
    return rules.allowDirectMessages ? undefined : new ImagineError("direct_messages_disabled");
  }
  const workspaces = rules.allowedWorkspaceIds ?? [];
  if (workspaces.length > 0 && (!actor.workspaceId || !workspaces.includes(actor.workspaceId))) {
    return new ImagineError("not_allowed_guild");
  }
  const channel = ruleChannelOf(actor);
  const allowedChannels = rules.allowedChannelIds;
  const channelDenied = (rules.deniedChannelIds ?? []).includes(channel);
  if (channelDenied || (allowedChannels.length > 0 && !allowedChannels.includes(channel))) {
    return new ImagineError("not_allowed_channel", { allowedIds: allowedChannels });
  }
  const denied = rules.deniedGroupIds ?? [];
  if (denied.length > 0 && (await actor.memberOf(denied)).length > 0) {
    return new ImagineError("not_allowed_role", { deniedIds: denied });
  }
  const namedUser = names(users.allowedUserIds, actor).has(self);
  if (
    rules.allowedGroupIds.length > 0 &&
    !namedUser &&
    (await actor.memberOf(rules.allowedGroupIds)).length === 0
  ) {
    return new ImagineError("not_allowed_role", { allowedIds: rules.allowedGroupIds });
  }
  return undefined;
}

/** The refusal for the limit a claim would break. */
function refusalFor(refused: ClaimRefusal, claim: Claim): ImagineError {
  const { limits, at } = claim;
  switch (refused.limit) {
    case "jobs":
      return new ImagineError("queue_full", { limit: limits.jobsPerUser });
    case "cooldown": {
      const waitMs = refused.lastJobAt + limits.cooldownMs - at;
      return new ImagineError("cooldown", { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    case "user_day":
    case "workspace_day": {
      const limit = refused.limit === "user_day" ? limits.imagesPerUserDay : limits.imagesPerWorkspaceDay;
      return new ImagineError(refused.limit === "user_day" ? "daily_limit" : "workspace_daily_limit", {
        limit,
        remaining: Math.max(0, limit - refused.used),
        retryAfterSeconds: secondsToMidnightUtc(at),
      });
    }
    case "user_budget":
    case "workspace_budget": {
      const daily = refused.limit === "user_budget";
      const budget = (daily ? limits.microUsdPerUserDay : limits.microUsdPerWorkspaceMonth) ?? 0;
      return new ImagineError(daily ? "budget_exceeded" : "workspace_budget_exceeded", {
        budgetUsd: fromMicro(budget),
        leftUsd: fromMicro(Math.max(0, budget - refused.spentMicroUsd)),
        costUsd: fromMicro(claim.reserveMicroUsd ?? 0),
        retryAfterSeconds: daily ? secondsToMidnightUtc(at) : secondsToNextMonthUtc(at),
      });
    }
  }
}

/** The rules in force, replaced whole when the operator's change. */
interface Rules {
  readonly access: PolicyRules["access"];
  readonly users: PolicyRules["users"];
  readonly limits: LimitRules;
  readonly maxQueuedPerUser: number;
  readonly blocked: BlockedTerms;
  readonly fromPolicyFile: ReadonlySet<string>;
  readonly locked: ReadonlySet<string>;
}

const numberOf = (value: unknown) => (typeof value === "number" ? value : 0);

/** The limits in force in a place, as the claim and the usage report read them. */
function limitsOf(place: PlaceSettings): LimitRules & { readonly maxQueuedPerUser: number } {
  const { values } = place;
  return {
    cooldownSeconds: numberOf(values.cooldown_seconds.value),
    dailyLimitPerUser: numberOf(values.daily_limit_per_user.value),
    dailyLimitPerWorkspace: numberOf(values.daily_limit_per_workspace.value),
    budgetPerUserDailyUsd: numberOf(values.budget_per_user_daily_usd.value),
    budgetPerWorkspaceMonthlyUsd: numberOf(values.budget_per_workspace_monthly_usd.value),
    maxQueuedPerUser: numberOf(values.max_queued_per_user.value),
  };
}

/** The operator's rules: where, who, how often and how much. */
export function createPolicy(options: PolicyOptions): Policy {
  const { store, now } = options;
  let current: Rules = {
    access: options.access,
    users: options.users ?? { allowedUserIds: [], deniedUserIds: [] },
    limits: {
      cooldownSeconds: options.cooldownSeconds,
      dailyLimitPerUser: options.dailyLimitPerUser,
      dailyLimitPerWorkspace: options.dailyLimitPerWorkspace ?? 0,
      budgetPerUserDailyUsd: options.budgetPerUserDailyUsd ?? 0,
      budgetPerWorkspaceMonthlyUsd: options.budgetPerWorkspaceMonthlyUsd ?? 0,
    },
    maxQueuedPerUser: options.maxQueuedPerUser ?? 0,
    blocked: createBlockedTerms(options.moderation?.blockedTerms ?? []),
    fromPolicyFile: new Set(options.fromPolicyFile),
    locked: new Set(options.lockedSettings),
  };

  const operators = options.operatorUserIds ?? [];
  const images: ImageDefaults = options.images ?? { models: [] };

  function baseRules(platform: Platform): BaseRules {
    return {
      access: current.access[platform],
      limits: current.limits,
      maxQueuedPerUser: current.maxQueuedPerUser,
      images,
      fromPolicyFile: current.fromPolicyFile,
      locked: current.locked,
    };
  }

  async function placeOf(actor: Actor, channel?: string | null): Promise<PlaceSettings> {
    const base = baseRules(actor.platform);
    if (!actor.workspaceId) return resolvePlace(base, actor.platform, undefined, undefined, []);
    const channelId = channel === null ? undefined : (channel ?? ruleChannelOf(actor));
    const rows = await store.settingsIn(scopesOf(actor.platform, actor.workspaceId, channelId));
    const known = rows.filter((row) => isKnownStoredKey(row.key));
    return resolvePlace(base, actor.platform, actor.workspaceId, channelId, known);
  }

  async function admit(
    actor: Actor,
    request: GenerationRequest,
    job?: JobRecord,
    known?: PlaceSettings,
  ): Promise<Admission | ImagineError> {
    const place = known ?? (await placeOf(actor));
    const rules = place.access;
    const limits = limitsOf(place);
    const refusal = await checkAccess(rules, current.users, actor, place.blockedUserIds);
    if (refusal) return refusal;
    // After access, before any limit: nothing is taken for a prompt that may not be made.
    const blockedTerm = current.blocked.match(request.prompt);
    if (blockedTerm !== undefined) return new ImagineError("blocked_prompt", { blockedTerm });

    // Admins may skip the cooldown and quotas, but their jobs still count, and they wait in line
    // like everyone else.
    const unlimited = rules?.adminsBypassLimits === true && (await actor.isAdmin?.()) === true;
    const at = now();
    const estimate = options.estimateUsd?.(request);
    const claim: Claim = {
      userKey: actorKey(actor),
      ...(actor.workspaceId && { workspaceKey: `workspace:${actor.platform}:${actor.workspaceId}` }),
      day: utcDay(at),
      at,
      images: request.count,
      ...(estimate !== undefined && estimate > 0 && { reserveMicroUsd: toMicro(estimate) }),
      limits: {
        jobsPerUser: limits.maxQueuedPerUser,
        cooldownMs: unlimited ? 0 : limits.cooldownSeconds * 1000,
        imagesPerUserDay: unlimited ? 0 : limits.dailyLimitPerUser,
        imagesPerWorkspaceDay: unlimited ? 0 : limits.dailyLimitPerWorkspace,
        microUsdPerUserDay: unlimited ? 0 : toMicro(limits.budgetPerUserDailyUsd ?? 0),
        microUsdPerWorkspaceMonth: unlimited ? 0 : toMicro(limits.budgetPerWorkspaceMonthlyUsd ?? 0),
      },
    };
    const result = await store.take(claim, job);
    if ("refused" in result) return refusalFor(result.refused, claim);
    return admissionFor(result.taken);
  }

  /** What a taken claim lets its job do, each step once; `charged: false` for a claim given back already. */
  function admissionFor(taken: TakenClaim, charged = true): Admission {
    let released = false;
    let refunded = !charged;
    return {
      async release() {
        if (released) return;
        released = true;
        await store.release(taken);
      },
      async refund() {
        if (refunded) return;
        refunded = true;
        await store.refund(taken);
      },
      async settle(costUsd) {
        if (refunded) return;
        await store.settle(taken, toMicro(costUsd));
      },
    };
  }

  function admissionOf(job: JobRecord): Admission {
    const held = job.claim;
    // Only what releasing, refunding and settling read: the limits were checked when it was taken.
    const noLimits = { jobsPerUser: 0, imagesPerUserDay: 0, imagesPerWorkspaceDay: 0 };
    const claim: Claim = held
      ? {
          userKey: held.userKey,
          ...(held.workspaceKey !== undefined && { workspaceKey: held.workspaceKey }),
          day: held.day,
          at: held.at,
          images: held.images,
          ...(held.reserveMicroUsd !== undefined && { reserveMicroUsd: held.reserveMicroUsd }),
          limits: { ...noLimits, cooldownMs: held.cooldownMs },
        }
      : {
          userKey: actorKey(job),
          day: utcDay(job.createdAt),
          at: job.createdAt,
          images: 0,
          limits: { ...noLimits, cooldownMs: 0 },
        };
    return admissionFor({ claim, previousJobAt: held?.previousJobAt, jobId: job.id }, held !== undefined);
  }

  async function isAdmin(actor: Actor): Promise<boolean> {
    if (names(operators, actor).has(`${actor.platform}:${actor.userId}`)) return true;
    return (await actor.isAdmin?.()) === true;
  }

  async function usage(actor: Actor): Promise<Omit<UsageReport, "balance">> {
    const limits = limitsOf(await placeOf(actor));
    const day = utcDay(now());
    const month = monthOf(day);
    const spent = async (key: string, period: string) => {
      const line = await store.ledgerOf(key, period);
      return { images: line.images, usd: fromMicro(line.microUsd) };
    };
    const userKey = actorKey(actor);
    const today = await spent(userKey, day);
    const left = (budgetUsd: number, usd: number) =>
      budgetUsd > 0 ? { budgetUsd, leftUsd: Math.max(0, budgetUsd - usd) } : undefined;
    const dailyBudget = left(limits.budgetPerUserDailyUsd ?? 0, today.usd);
    const operator = names(operators, actor).has(`${actor.platform}:${actor.userId}`);
    const admin = operator || (await isAdmin(actor));
    const report = {
      today,
      month: await spent(userKey, month),
      ...(dailyBudget && { dailyBudget }),
      admin,
      operator,
    };
    if (!admin || !actor.workspaceId) return report;
    const placeKey = `workspace:${actor.platform}:${actor.workspaceId}`;
    const placeMonth = await spent(placeKey, month);
    const monthlyBudget = left(limits.budgetPerWorkspaceMonthlyUsd ?? 0, placeMonth.usd);
    const prefix = `${actor.platform}:${actor.workspaceId}:`;
    const top = (await store.topOfLedger(month, prefix, 5)).map((line) => ({
      userId: line.key.slice(prefix.length),
      usd: fromMicro(line.microUsd),
      images: line.images,
    }));
    return {
      ...report,
      place: {
        today: await spent(placeKey, day),
        month: placeMonth,
        ...(monthlyBudget && { monthlyBudget }),
        top,
      },
    };
  }

  async function mayModerate(actor: Actor): Promise<boolean> {
    if (names(operators, actor).has(`${actor.platform}:${actor.userId}`)) return true;
    return (await actor.canModerate?.()) === true;
  }

  function modlogChannel(actor: Actor, place?: PlaceSettings): string | undefined {
    const { value } = (
      place ?? resolvePlace(baseRules(actor.platform), actor.platform, actor.workspaceId, undefined, [])
    ).values.modlog_channel;
    return typeof value === "string" ? value : undefined;
  }

  function modlogChannels(platform: Platform): readonly string[] {
    const channel = current.access[platform]?.modlogChannelId;
    return channel === undefined ? [] : [channel];
  }

  function spoiler(actor: Actor, known?: PlaceSettings): boolean {
    const place =
      known ?? resolvePlace(baseRules(actor.platform), actor.platform, actor.workspaceId, undefined, []);
    // A channel's own setting decides there; else the spoiler channels, then the place's switch.
    const { value, source } = place.values.spoilers;
    if (source === "channel") return value === true;
    return (place.access?.spoilerChannelIds ?? []).includes(ruleChannelOf(actor)) || value === true;
  }

  function replaceRules(rules: PolicyRules, maxQueuedPerUser = current.maxQueuedPerUser): void {
    // Compiled first: a term that cannot be used leaves every rule as it was.
    const blocked = createBlockedTerms(rules.moderation.blockedTerms);
    current = {
      access: rules.access,
      users: rules.users,
      limits: rules.limits,
      maxQueuedPerUser,
      blocked,
      fromPolicyFile: new Set(rules.fromPolicyFile),
      locked: new Set(rules.lockedSettings),
    };
  }

  return {
    admit,
    admissionOf,
    placeOf,
    baseRules,
    mayModerate,
    isAdmin,
    usage,
    modlogChannel,
    modlogChannels,
    spoiler,
    replaceRules,
  };
}
