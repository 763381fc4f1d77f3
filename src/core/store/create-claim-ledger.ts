import type { Claim, ClaimRefusal } from "./claim.ts";
import type { Store } from "./store.ts";

/** Counters an embedded store keeps in this process's memory, read and written synchronously. */
export interface CounterAccess {
  lastJobAt(key: string): number | undefined;
  setLastJobAt(key: string, at: number): void;
  imagesOn(key: string, day: string): number;
  /** Adds (or with a negative number, gives back) images; a count never goes below 0. */
  addImages(key: string, day: string, count: number): void;
}

function firstBrokenLimit(
  counters: CounterAccess,
  held: ReadonlyMap<string, number>,
  claim: Claim,
): ClaimRefusal | undefined {
  const { limits, userKey, workspaceKey, day } = claim;
  const jobs = held.get(userKey) ?? 0;
  if (limits.jobsPerUser > 0 && jobs >= limits.jobsPerUser) return { limit: "jobs", held: jobs };
  const lastJobAt = counters.lastJobAt(userKey);
  if (limits.cooldownMs > 0 && lastJobAt !== undefined && lastJobAt + limits.cooldownMs > claim.at) {
    return { limit: "cooldown", lastJobAt };
  }
  const used = counters.imagesOn(userKey, day);
  if (limits.imagesPerUserDay > 0 && used + claim.images > limits.imagesPerUserDay) {
    return { limit: "user_day", used };
  }
  if (workspaceKey && limits.imagesPerWorkspaceDay > 0) {
    const workspaceUsed = counters.imagesOn(workspaceKey, day);
    if (workspaceUsed + claim.images > limits.imagesPerWorkspaceDay) {
      return { limit: "workspace_day", used: workspaceUsed };
    }
  }
  return undefined;
}

/**
 * The Store's claims over counters held in this process. Each operation runs to its end without
 * awaiting anything, so within the process a check and its take are one step: simultaneous claims
 * can never pass a limit together. Jobs held are counted in memory only, since no job outlives
 * the process that runs it.
 */
export function createClaimLedger(counters: CounterAccess): Pick<Store, "take" | "release" | "refund"> {
  const held = new Map<string, number>();
  return {
    async take(claim) {
      const refused = firstBrokenLimit(counters, held, claim);
      if (refused) return { refused };
      const previousJobAt = counters.lastJobAt(claim.userKey);
      held.set(claim.userKey, (held.get(claim.userKey) ?? 0) + 1);
      counters.setLastJobAt(claim.userKey, claim.at);
      counters.addImages(claim.userKey, claim.day, claim.images);
      if (claim.workspaceKey) counters.addImages(claim.workspaceKey, claim.day, claim.images);
      return { taken: { claim, previousJobAt } };
    },
    async release({ claim }) {
      const jobs = (held.get(claim.userKey) ?? 0) - 1;
      if (jobs > 0) held.set(claim.userKey, jobs);
      else held.delete(claim.userKey);
    },
    async refund({ claim, previousJobAt }) {
      counters.addImages(claim.userKey, claim.day, -claim.images);
      if (claim.workspaceKey) counters.addImages(claim.workspaceKey, claim.day, -claim.images);
      // Put the cooldown back as it was, unless a later job has started it anew.
      if (counters.lastJobAt(claim.userKey) === claim.at) {
        counters.setLastJobAt(claim.userKey, previousJobAt ?? claim.at - claim.limits.cooldownMs);
      }
    },
  };
}

/** A Store over synchronous counters: the single-counter methods and the claims, with `close`. */
export function createCounterStore(counters: CounterAccess, close: () => Promise<void>): Store {
  return {
    lastJobAt: async (key) => counters.lastJobAt(key),
    setLastJobAt: async (key, at) => counters.setLastJobAt(key, at),
    imagesOn: async (key, day) => counters.imagesOn(key, day),
    addImages: async (key, day, count) => counters.addImages(key, day, count),
    ...createClaimLedger(counters),
    close,
  };
}
