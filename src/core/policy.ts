import { actorKey, type Actor, type Platform } from "./actor.ts";
import { ImagineError } from "./errors.ts";
import type { GenerationRequest } from "./request.ts";
import type { Store } from "./store/store.ts";

/** Who may ask where, for one platform. Empty lists mean "no restriction". */
export interface AccessRules {
  readonly allowedChannelIds: readonly string[];
  /** Discord role ids or Slack user group ids. */
  readonly allowedGroupIds: readonly string[];
  readonly allowDirectMessages: boolean;
}

export interface PolicyOptions {
  readonly access: Partial<Record<Platform, AccessRules>>;
  /** Minimum seconds between one person's jobs; 0 = none. */
  readonly cooldownSeconds: number;
  /** Images one person may make per UTC day; 0 = unlimited. */
  readonly dailyLimitPerUser: number;
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

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

function checkAccess(rules: AccessRules | undefined, actor: Actor): ImagineError | undefined {
  if (!rules) return undefined;
  if (actor.isDirectMessage) {
    return rules.allowDirectMessages ? undefined : new ImagineError("direct_messages_disabled");
  }
  const channel = actor.parentChannelId ?? actor.channelId;
  if (rules.allowedChannelIds.length > 0 && !rules.allowedChannelIds.includes(channel)) {
    return new ImagineError("not_allowed_channel", { allowedIds: rules.allowedChannelIds });
  }
  return undefined;
}

async function checkGroups(rules: AccessRules | undefined, actor: Actor): Promise<ImagineError | undefined> {
  if (!rules || rules.allowedGroupIds.length === 0) return undefined;
  const held = await actor.memberOf(rules.allowedGroupIds);
  return held.length > 0
    ? undefined
    : new ImagineError("not_allowed_role", { allowedIds: rules.allowedGroupIds });
}

/** The operator's rules: where, who, how often and how much. */
export function createPolicy(options: PolicyOptions): Policy {
  const { store, now } = options;
  // Decisions for one person run one at a time, so two quick requests can't both slip under a limit.
  const inFlight = new Map<string, Promise<unknown>>();

  async function decide(actor: Actor, request: GenerationRequest): Promise<Admission | ImagineError> {
    const rules = options.access[actor.platform];
    const refusal = checkAccess(rules, actor) ?? (await checkGroups(rules, actor));
    if (refusal) return refusal;

    const key = actorKey(actor);
    const at = now();
    const previousJobAt = await store.lastJobAt(key);
    if (options.cooldownSeconds > 0 && previousJobAt !== undefined) {
      const waitMs = previousJobAt + options.cooldownSeconds * 1000 - at;
      if (waitMs > 0) return new ImagineError("cooldown", { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    const day = utcDay(at);
    if (options.dailyLimitPerUser > 0) {
      const used = await store.imagesOn(key, day);
      if (used + request.count > options.dailyLimitPerUser) {
        const left = Math.max(0, options.dailyLimitPerUser - used);
        return new ImagineError("daily_limit", {
          limit: options.dailyLimitPerUser,
          ...(left > 0 && { detail: `You have ${left} image${left === 1 ? "" : "s"} left today.` }),
        });
      }
    }

    await store.setLastJobAt(key, at);
    await store.addImages(key, day, request.count);
    let refunded = false;
    return {
      async refund() {
        if (refunded) return;
        refunded = true;
        await store.addImages(key, day, -request.count);
        // Put the cooldown back as it was, unless a later job has started it anew.
        if ((await store.lastJobAt(key)) === at) {
          await store.setLastJobAt(key, previousJobAt ?? at - options.cooldownSeconds * 1000);
        }
      },
    };
  }

  return {
    admit(actor, request) {
      const key = actorKey(actor);
      const previous = inFlight.get(key) ?? Promise.resolve();
      const decision = previous.then(() => decide(actor, request));
      const settled = decision.catch(() => undefined);
      inFlight.set(key, settled);
      void settled.then(() => {
        if (inFlight.get(key) === settled) inFlight.delete(key);
      });
      return decision;
    },
  };
}
