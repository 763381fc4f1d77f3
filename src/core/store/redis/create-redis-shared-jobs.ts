import type { SharedJobStart, SharedJobStore } from "../../jobs/shared-queue/shared-job-store.ts";
import { fromJobFields, hashOfPairs } from "./job-fields.ts";
import type { RedisContext } from "./redis-context.ts";

/**
 * The owner of every job waiting in the shared queue: an instance id no process has, whose lease
 * each live instance renews (see SharedJobStore.keepQueueAlive).
 */
const sharedQueueOwner = "shared-queue";

/** How often the queue's lease is renewed: three times per lease, as each instance's own. */
const renewalsPerLease = 3;

const outcomes: ReadonlySet<string> = new Set(["started", "taken", "left", "ended"]);

/**
 * The shared queue's side of the job rows over Redis (see SharedJobStore): each change is one
 * script, so two instances handed the same job never both start it.
 */
export function createRedisSharedJobs(
  { scripts, call, instanceId, leaseMs }: RedisContext,
  onError: (error: unknown) => void,
): SharedJobStore {
  const lease = String(leaseMs);
  return {
    async queueJob(id) {
      return (await call(() => scripts.queueJob(id, instanceId, sharedQueueOwner, lease))) === 1;
    },
    async startQueuedJob(id, at): Promise<SharedJobStart> {
      const [outcome, pairs] = (await call(() =>
        scripts.startQueuedJob(id, instanceId, lease, String(at)),
      )) as [string, string[]];
      if (!outcomes.has(outcome)) throw new Error(`the start script answered ${outcome}`);
      const job = fromJobFields(hashOfPairs(pairs));
      if (outcome === "started") {
        if (!job) throw new Error(`the job ${id} was started but could not be read`);
        return { outcome, job };
      }
      return { outcome: outcome as "taken" | "left" | "ended", ...(job && { job }) };
    },
    async withdrawQueuedJob(id) {
      return (await call(() => scripts.withdrawQueuedJob(id, instanceId, sharedQueueOwner, lease))) === 1;
    },
    keepQueueAlive() {
      const renew = () => void scripts.lease(sharedQueueOwner, lease).catch(onError);
      renew();
      const timer = setInterval(renew, Math.max(1, Math.floor(leaseMs / renewalsPerLease)));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
