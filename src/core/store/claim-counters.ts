import { monthOf } from "../../kit/utc-day.ts";
import type { ClaimRecord } from "../jobs/job-record.ts";
import type { Claim, ClaimRefusal } from "./claim.ts";
import type { CounterAccess } from "./store-tables.ts";

/**
 * Adds to the ledger where it is summed: the person's day and month, and their workspace's day
 * and month (a direct message has no workspace).
 */
export function addToLedger(
  counters: CounterAccess,
  where: { readonly userKey: string; readonly workspaceKey?: string; readonly day: string },
  change: { readonly microUsd?: number; readonly images?: number },
): void {
  if (!change.microUsd && !change.images) return;
  const month = monthOf(where.day);
  for (const key of [where.userKey, where.workspaceKey]) {
    if (key === undefined) continue;
    counters.addToLedger(key, where.day, change);
    counters.addToLedger(key, month, change);
  }
}

/** The first limit a claim would break, given the jobs its person holds now; undefined when none. */
export function firstBrokenLimit(
  counters: CounterAccess,
  jobsHeld: number,
  claim: Claim,
): ClaimRefusal | undefined {
  const { limits, userKey, workspaceKey, day } = claim;
  if (limits.jobsPerUser > 0 && jobsHeld >= limits.jobsPerUser) return { limit: "jobs", held: jobsHeld };
  const lastJobAt = counters.lastJobAt(userKey);
  if (limits.cooldownMs > 0 && lastJobAt !== undefined && lastJobAt + limits.cooldownMs > claim.at) {
    return { limit: "cooldown", lastJobAt };
  }
  // A count is read only when a limit asks for it: every read is time in the request's path.
  if (limits.imagesPerUserDay > 0) {
    const used = counters.imagesOn(userKey, day);
    if (used + claim.images > limits.imagesPerUserDay) return { limit: "user_day", used };
  }
  if (workspaceKey && limits.imagesPerWorkspaceDay > 0) {
    const workspaceUsed = counters.imagesOn(workspaceKey, day);
    if (workspaceUsed + claim.images > limits.imagesPerWorkspaceDay) {
      return { limit: "workspace_day", used: workspaceUsed };
    }
  }
  // What is held for jobs still running counts as spent: two at once cannot both pass.
  const reserve = claim.reserveMicroUsd ?? 0;
  const userBudget = limits.microUsdPerUserDay ?? 0;
  if (userBudget > 0) {
    const spent = counters.ledgerOf(userKey, day).microUsd;
    if (spent + reserve > userBudget) return { limit: "user_budget", spentMicroUsd: spent };
  }
  const workspaceBudget = limits.microUsdPerWorkspaceMonth ?? 0;
  if (workspaceKey && workspaceBudget > 0) {
    const spent = counters.ledgerOf(workspaceKey, monthOf(day)).microUsd;
    if (spent + reserve > workspaceBudget) return { limit: "workspace_budget", spentMicroUsd: spent };
  }
  return undefined;
}

/** What a claim takes from the counters, as a job row keeps it so it can be given back later. */
export function claimRecordOf(claim: Claim, previousJobAt: number | undefined): ClaimRecord {
  return {
    userKey: claim.userKey,
    ...(claim.workspaceKey !== undefined && { workspaceKey: claim.workspaceKey }),
    day: claim.day,
    at: claim.at,
    images: claim.images,
    cooldownMs: claim.limits.cooldownMs,
    ...(previousJobAt !== undefined && { previousJobAt }),
    ...(claim.reserveMicroUsd && { reserveMicroUsd: claim.reserveMicroUsd }),
  };
}

/** Starts the person's cooldown and counts the images for them and their workspace. */
export function chargeClaim(counters: CounterAccess, claim: ClaimRecord): void {
  counters.setLastJobAt(claim.userKey, claim.at);
  counters.addImages(claim.userKey, claim.day, claim.images);
  if (claim.workspaceKey) counters.addImages(claim.workspaceKey, claim.day, claim.images);
  addToLedger(counters, claim, { microUsd: claim.reserveMicroUsd ?? 0, images: claim.images });
}

/** Gives a claim's images back, and its cooldown unless a later job has started it anew. */
export function giveBackClaim(counters: CounterAccess, claim: ClaimRecord): void {
  counters.addImages(claim.userKey, claim.day, -claim.images);
  if (claim.workspaceKey) counters.addImages(claim.workspaceKey, claim.day, -claim.images);
  // Money CometAPI was paid stays spent, whatever became of the images.
  const microUsd = claim.settled ? 0 : -(claim.reserveMicroUsd ?? 0);
  addToLedger(counters, claim, { microUsd, images: -claim.images });
  if (counters.lastJobAt(claim.userKey) === claim.at) {
    counters.setLastJobAt(claim.userKey, claim.previousJobAt ?? claim.at - claim.cooldownMs);
  }
}
