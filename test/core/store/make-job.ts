import type { JobRecord } from "../../../src/core/jobs/job-record.ts";
import type { Claim } from "../../../src/core/store/claim.ts";

/** Noon UTC on a fixed day: every time in the store tests is counted from it. */
export const noon = Date.UTC(2026, 10, 25, 12);
export const today = "2026-11-25";

/** A queued Discord job with every optional field absent, unless `overrides` sets it. */
export function makeJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: "job-1",
    platform: "discord",
    channelId: "c1",
    userId: "u1",
    request: {
      prompt: "a lighthouse at dusk",
      model: "gpt-image-1",
      size: "1024x1024",
      count: 2,
      outputFormat: "png",
    },
    status: "queued",
    createdAt: noon,
    updatedAt: noon,
    messageRefs: {},
    imageRefs: [],
    ...overrides,
  };
}

/** A claim for person u1 in guild g1, under the given limits (none by default). */
export function makeClaim(overrides: Partial<Claim> = {}, limits: Partial<Claim["limits"]> = {}): Claim {
  return {
    userKey: "discord:g1:u1",
    workspaceKey: "workspace:discord:g1",
    day: today,
    at: noon,
    images: 2,
    limits: { jobsPerUser: 0, cooldownMs: 0, imagesPerUserDay: 0, imagesPerWorkspaceDay: 0, ...limits },
    ...overrides,
  };
}
