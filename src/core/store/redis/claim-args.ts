import type { ClaimRecord } from "../../jobs/job-record.ts";
import type { ClaimLimits } from "../claim.ts";

/** A claim as the scripts read it from ARGV (`read_claim` in lua-claims.ts): 11 values. */
export function claimArgs(claim: ClaimRecord): string[] {
  return [
    claim.userKey,
    claim.workspaceKey === undefined ? "0" : "1",
    claim.workspaceKey ?? "",
    claim.day,
    String(claim.at),
    String(claim.images),
    String(claim.cooldownMs),
    claim.previousJobAt === undefined ? "0" : "1",
    String(claim.previousJobAt ?? 0),
    String(claim.reserveMicroUsd ?? 0),
    claim.settled ? "1" : "0",
  ];
}

/** A claim's limits as the take script reads them: 6 values, 0 for none. */
export function limitArgs(limits: ClaimLimits): string[] {
  return [
    limits.jobsPerUser,
    limits.cooldownMs,
    limits.imagesPerUserDay,
    limits.imagesPerWorkspaceDay,
    limits.microUsdPerUserDay ?? 0,
    limits.microUsdPerWorkspaceMonth ?? 0,
  ].map(String);
}
