import type { JobChange, JobRecord, JobStore } from "../jobs/job-record.ts";
import { giveBackClaim } from "./claim-counters.ts";
import type { StoreTables } from "./store-tables.ts";

const isUnfinished = (job: JobRecord) => job.status === "queued" || job.status === "running";

/** An interrupted job's error codes before its person is told, and while one process tells them. */
const untoldCode = "restarted";
const claimedCode = "telling";

/**
 * The job with a change laid over it: refs merged, every other given field replaced. A deleted
 * job stays deleted: its result may still be landing when someone deletes it.
 */
function applyChange(job: JobRecord, change: JobChange): JobRecord {
  return {
    ...job,
    updatedAt: change.updatedAt,
    ...(change.status !== undefined && job.status !== "deleted" && { status: change.status }),
    ...(change.messageRefs !== undefined && { messageRefs: { ...job.messageRefs, ...change.messageRefs } }),
    ...(change.imageRefs !== undefined && { imageRefs: [...change.imageRefs] }),
    ...(change.errorCode !== undefined && { errorCode: change.errorCode }),
    ...(change.usage !== undefined && { usage: change.usage }),
    ...(change.costUsd !== undefined && { costUsd: change.costUsd }),
  };
}

/** The JobStore over an embedded engine's tables: each call one transaction. */
export function createJobLedger(tables: StoreTables): JobStore {
  const { jobs, counters } = tables;
  return {
    async createJob(job) {
      await tables.write(() => jobs.insert(job));
    },
    async updateJob(id, change) {
      await tables.write(() => {
        const job = jobs.find(id);
        // A row pruned meanwhile stays gone: there is nothing left to change.
        if (job) jobs.replace(applyChange(job, change));
      });
    },
    async findJob(id) {
      return tables.read(() => jobs.find(id));
    },
    async unfinishedJobs() {
      return tables.read(() => jobs.unfinished());
    },
    async adoptJob(id) {
      // One process per store: an unfinished job it finds is its own to close.
      return tables.read(() => {
        const job = jobs.find(id);
        return job !== undefined && isUnfinished(job);
      });
    },
    async untoldJobs() {
      return tables.read(() => jobs.untold());
    },
    async claimUntoldJob(id) {
      return tables.write(() => {
        const job = jobs.find(id);
        if (job?.status !== "interrupted" || job.errorCode !== untoldCode) return false;
        jobs.replace({ ...job, errorCode: claimedCode });
        return true;
      });
    },
    async recentJobs(platform, userId, limit) {
      return tables.read(() => jobs.recent(platform, userId, Math.max(0, Math.floor(limit))));
    },
    async interruptJob(id, at, errorCode) {
      return tables.write(() => {
        const job = jobs.find(id);
        if (!job || !isUnfinished(job)) return false;
        const { claim, ...rest } = job;
        if (claim) giveBackClaim(counters, claim);
        jobs.replace({ ...rest, status: "interrupted", errorCode, updatedAt: at });
        return true;
      });
    },
    async pruneJobs(before) {
      return tables.write(() => jobs.prune(before));
    },
  };
}
