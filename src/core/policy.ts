import type { AccessRules, LimitRules, PolicyRules, WorkspaceOverride } from "./access-rules.ts";
import { actorKey, type Actor } from "./actor.ts";
import { ImagineError } from "./errors.ts";
import type { GenerationRequest } from "./request.ts";
import type { Store } from "./store/store.ts";
import { utcDay } from "./utc-day.ts";

export type { AccessRules } from "./access-rules.ts";

export interface PolicyOptions extends Partial<Omit<PolicyRules, "limits">> {
  readonly access: PolicyRules["access"];
  /** Minimum seconds between one person's jobs; 0 = none. */
  readonly cooldownSeconds: number;
  /** Images one person may make per UTC day; 0 = unlimited. */
  readonly dailyLimitPerUser: number;
  /** Images one guild or workspace may make per UTC day; 0 = unlimited. */
  readonly dailyLimitPerWorkspace?: number;
  readonly store: Store;
  readonly now: () => number;
}

/** A job let through: its cooldown started and its images counted, until `refund` gives them back. */
export interface Admission {
  /** Undo the charge when nothing was made (failure, cancellation). */
  refund(): Promise<void>;
}

export interface Policy {
  /** Decides, and when allowed, charges the cooldown and quota at once. */
  admit(actor: Actor, request: GenerationRequest): Promise<Admission | ImagineError>;
}

const secondsToMidnightUtc = (at: number) => Math.ceil((86_400_000 - (at % 86_400_000)) / 1000);

/** The platform's rules with the guild's or workspace's override laid over them. */
function effectiveRules(
  rules: AccessRules | undefined,
  limits: LimitRules,
  actor: Actor,
): { rules: AccessRules | undefined; limits: LimitRules } {
  const override: WorkspaceOverride | undefined = actor.workspaceId
    ? rules?.workspaces?.[actor.workspaceId]
    : undefined;
  if (!rules || !override) return { rules, limits };
  return {
    rules: {
      ...rules,
      allowedChannelIds: override.allowedChannelIds ?? rules.allowedChannelIds,
      deniedChannelIds: override.deniedChannelIds ?? rules.deniedChannelIds ?? [],
      allowedGroupIds: override.allowedGroupIds ?? rules.allowedGroupIds,
      deniedGroupIds: override.deniedGroupIds ?? rules.deniedGroupIds ?? [],
    },
    limits: {
      cooldownSeconds: override.cooldownSeconds ?? limits.cooldownSeconds,
      dailyLimitPerUser: override.dailyLimitPerUser ?? limits.dailyLimitPerUser,
      dailyLimitPerWorkspace: override.dailyLimitPerWorkspace ?? limits.dailyLimitPerWorkspace,
    },
  };
}

const names = (ids: readonly string[], actor: Actor) =>
  new Set(ids.flatMap((id) => (id.includes(":") ? [id] : [id, `${actor.platform}:${id}`])));

/** Access: who and where. Undefined when allowed. */
async function checkAccess(
  rules: AccessRules | undefined,
  users: PolicyRules["users"],
  actor: Actor,
): Promise<ImagineError | undefined> {
  const self = `${actor.platform}:${actor.userId}`;
  if (names(users.deniedUserIds, actor).has(self)) return new ImagineError("not_allowed_user");
  if (!rules) return undefined;
  if (actor.isDirectMessage) {
    return rules.allowDirectMessages ? undefined : new ImagineError("direct_messages_disabled");
  }
  const workspaces = rules.allowedWorkspaceIds ?? [];
  if (workspaces.length > 0 && (!actor.workspaceId || !workspaces.includes(actor.workspaceId))) {
    return new ImagineError("not_allowed_guild");
  }
  const channel = actor.parentChannelId ?? actor.channelId;
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

/** The operator's rules: where, who, how often and how much. */
export function createPolicy(options: PolicyOptions): Policy {
  const { store, now } = options;
  const users = options.users ?? { allowedUserIds: [], deniedUserIds: [] };
  const baseLimits: LimitRules = {
    cooldownSeconds: options.cooldownSeconds,
    dailyLimitPerUser: options.dailyLimitPerUser,
    dailyLimitPerWorkspace: options.dailyLimitPerWorkspace ?? 0,
  };
  // Decisions for one workspace run one at a time, so two quick requests can't both slip under a limit.
  const inFlight = new Map<string, Promise<unknown>>();

  async function decide(actor: Actor, request: GenerationRequest): Promise<Admission | ImagineError> {
    const { rules, limits } = effectiveRules(options.access[actor.platform], baseLimits, actor);
    const refusal = await checkAccess(rules, users, actor);
    if (refusal) return refusal;

    const key = actorKey(actor);
    const workspaceKey = `workspace:${actor.platform}:${actor.workspaceId ?? "-"}`;
    const at = now();
    const day = utcDay(at);
    const unlimited = rules?.adminsBypassLimits === true && (await actor.isAdmin?.()) === true;
    const previousJobAt = await store.lastJobAt(key);
    if (!unlimited && limits.cooldownSeconds > 0 && previousJobAt !== undefined) {
      const waitMs = previousJobAt + limits.cooldownSeconds * 1000 - at;
      if (waitMs > 0) return new ImagineError("cooldown", { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    if (!unlimited && limits.dailyLimitPerUser > 0) {
      const used = await store.imagesOn(key, day);
      if (used + request.count > limits.dailyLimitPerUser) {
        const left = Math.max(0, limits.dailyLimitPerUser - used);
        return new ImagineError("daily_limit", {
          limit: limits.dailyLimitPerUser,
          retryAfterSeconds: secondsToMidnightUtc(at),
          ...(left > 0 && { detail: `You have ${left} image${left === 1 ? "" : "s"} left today.` }),
        });
      }
    }
    if (!unlimited && limits.dailyLimitPerWorkspace > 0 && actor.workspaceId) {
      const used = await store.imagesOn(workspaceKey, day);
      if (used + request.count > limits.dailyLimitPerWorkspace) {
        return new ImagineError("workspace_daily_limit", {
          limit: limits.dailyLimitPerWorkspace,
          retryAfterSeconds: secondsToMidnightUtc(at),
        });
      }
    }

    await store.setLastJobAt(key, at);
    await store.addImages(key, day, request.count);
    if (actor.workspaceId) await store.addImages(workspaceKey, day, request.count);
    let refunded = false;
    return {
      async refund() {
        if (refunded) return;
        refunded = true;
        await store.addImages(key, day, -request.count);
        if (actor.workspaceId) await store.addImages(workspaceKey, day, -request.count);
        // Put the cooldown back as it was, unless a later job has started it anew.
        if ((await store.lastJobAt(key)) === at) {
          await store.setLastJobAt(key, previousJobAt ?? at - limits.cooldownSeconds * 1000);
        }
      },
    };
  }

  return {
    admit(actor, request) {
      const lane = `${actor.platform}:${actor.workspaceId ?? actor.userId}`;
      const previous = inFlight.get(lane) ?? Promise.resolve();
      const decision = previous.then(() => decide(actor, request));
      const settled = decision.catch(() => undefined);
      inFlight.set(lane, settled);
      void settled.then(() => {
        if (inFlight.get(lane) === settled) inFlight.delete(lane);
      });
      return decision;
    },
  };
}
