import type { JobRecord } from "../../jobs/job-record.ts";
import type { Claim, ClaimRefusal, TakeResult } from "../claim.ts";
import { claimRecordOf } from "../claim-counters.ts";
import type { Store } from "../store.ts";
import { claimArgs, limitArgs } from "./claim-args.ts";
import { toJobFields } from "./job-fields.ts";
import type { RedisContext } from "./redis-context.ts";

/** A refusal as the take script answers it: the limit, and its figure. */
function refusalOf(limit: string, figure: unknown): ClaimRefusal {
  const value = Number(figure);
  switch (limit) {
    case "jobs":
      return { limit, held: value };
    case "cooldown":
      return { limit, lastJobAt: value };
    case "user_day":
    case "workspace_day":
      return { limit, used: value };
    case "user_budget":
    case "workspace_budget":
      return { limit, spentMicroUsd: value };
    default:
      throw new Error(`the take script answered an unknown limit: ${limit}`);
  }
}

const jobArgs = (jobId: string | undefined) => (jobId === undefined ? ["0", ""] : ["1", jobId]);

/**
 * The Store's claims over Redis: take, release, refund and settle are each one script, so each is
 * one atomic step for every process on this Redis. Jobs held are counted in Redis per store
 * instance (see instance-lease.ts), so a limit of jobs at once holds across processes too.
 */
export function createRedisClaims({
  scripts,
  call,
  instanceId,
  leaseMs,
}: RedisContext): Pick<Store, "take" | "release" | "refund" | "settle"> {
  return {
    async take(claim: Claim, job?: JobRecord): Promise<TakeResult> {
      const record = claimRecordOf(claim, undefined);
      const answer = (await call(() =>
        scripts.take(
          instanceId,
          String(leaseMs),
          ...claimArgs(record),
          ...limitArgs(claim.limits),
          ...jobArgs(job?.id),
          ...(job ? toJobFields({ ...job, claim: record }) : []),
        ),
      )) as [string, unknown?];
      const [outcome, figure] = answer;
      if (outcome === "exists") throw new Error(`a job with id ${job?.id} exists already`);
      if (outcome !== "taken") return { refused: refusalOf(outcome, figure) };
      const previousJobAt = figure === "" ? undefined : Number(figure);
      return { taken: { claim, previousJobAt, ...(job && { jobId: job.id }) } };
    },
    async release({ claim }) {
      await call(() => scripts.release(instanceId, claim.userKey));
    },
    async refund({ claim, previousJobAt, jobId }) {
      await call(() => scripts.refund(...claimArgs(claimRecordOf(claim, previousJobAt)), ...jobArgs(jobId)));
    },
    async settle({ claim, jobId }, costMicroUsd) {
      const cost = Math.max(0, Math.round(costMicroUsd));
      const record = claimRecordOf(claim, undefined);
      await call(() => scripts.settle(String(cost), ...claimArgs(record), ...jobArgs(jobId)));
    },
  };
}
