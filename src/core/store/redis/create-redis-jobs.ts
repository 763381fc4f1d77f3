import type { JobRecord, JobStore } from "../../jobs/job-record.ts";
import { changeFields, fromJobFields, hashOfPairs, toJobFields } from "./job-fields.ts";
import type { RedisContext } from "./redis-context.ts";

/** Jobs deleted per prune script: enough to be quick, few enough never to hold Redis long. */
const pruneBatch = 500;

/**
 * The job rows over Redis: each change one script, each list read in one step. Each job records
 * the store instance that runs it, so another instance's recovery leaves it alone while that
 * instance's lease runs (see JobStore).
 */
export function createRedisJobs({
  client,
  scripts,
  keys,
  call,
  instanceId,
  leaseMs,
}: RedisContext): JobStore {
  const readJobs = async (...args: string[]): Promise<JobRecord[]> => {
    const hashes = (await call(() => scripts.readJobs(...args))) as string[][];
    return hashes.flatMap((pairs) => fromJobFields(hashOfPairs(pairs)) ?? []);
  };
  return {
    async createJob(job) {
      const created = await call(() =>
        scripts.createJob(job.id, instanceId, String(leaseMs), ...toJobFields(job)),
      );
      if (created === 0) throw new Error(`a job with id ${job.id} exists already`);
    },
    async updateJob(id, change) {
      await call(() => scripts.updateJob(id, ...changeFields(change)));
    },
    async findJob(id) {
      return fromJobFields(await call(() => client.hgetall(keys.job(id))));
    },
    unfinishedJobs: () => readJobs("unfinished"),
    async adoptJob(id) {
      return (await call(() => scripts.adoptJob(id, instanceId, String(leaseMs)))) === 1;
    },
    untoldJobs: () => readJobs("untold"),
    async claimUntoldJob(id) {
      return (await call(() => scripts.claimUntoldJob(id, instanceId, String(leaseMs)))) === 1;
    },
    async recentJobs(platform, userId, limit) {
      const count = Math.max(0, Math.floor(limit));
      return count === 0 ? [] : readJobs("of", platform, userId, String(count));
    },
    async interruptJob(id, at, errorCode) {
      return (await call(() => scripts.interruptJob(id, String(at), errorCode, instanceId))) === 1;
    },
    async pruneJobs(before) {
      let pruned = 0;
      for (;;) {
        const batch = Number(await call(() => scripts.pruneJobs(String(before), String(pruneBatch))));
        pruned += batch;
        if (batch < pruneBatch) return pruned;
      }
    },
  };
}
