import type { JobRecord } from "../jobs/job-record.ts";
import type { Claim, TakeResult } from "./claim.ts";
import {
  addToLedger,
  chargeClaim,
  claimRecordOf,
  firstBrokenLimit,
  giveBackClaim,
} from "./claim-counters.ts";
import type { Store } from "./store.ts";
import type { StoreTables } from "./store-tables.ts";

/**
 * The Store's claims over an embedded engine's tables. A take checks every limit and takes the
 * claim (and inserts its job) in one write transaction, so simultaneous claims never pass a limit
 * together, in this process or another on the same file. Jobs held are counted in this process's
 * memory only: a job is held by the process that runs it, and a dead process holds none.
 */
export function createClaimLedger(
  tables: StoreTables,
): Pick<Store, "take" | "release" | "refund" | "settle"> {
  const { counters } = tables;
  const held = new Map<string, number>();
  return {
    async take(claim: Claim, job?: JobRecord): Promise<TakeResult> {
      const hold = (change: number) => {
        const jobs = (held.get(claim.userKey) ?? 0) + change;
        if (jobs > 0) held.set(claim.userKey, jobs);
        else held.delete(claim.userKey);
      };
      let holding = false;
      try {
        return await tables.write((): TakeResult => {
          const refused = firstBrokenLimit(counters, held.get(claim.userKey) ?? 0, claim);
          if (refused) return { refused };
          const previousJobAt = counters.lastJobAt(claim.userKey);
          const record = claimRecordOf(claim, previousJobAt);
          // The row first: it is the one write that can be refused (an id taken already).
          if (job) tables.jobs.insert({ ...job, claim: record });
          chargeClaim(counters, record);
          // Held at once, so a claim written in the same batch sees it; undone below when the
          // batch's commit fails.
          hold(+1);
          holding = true;
          return { taken: { claim, previousJobAt, ...(job && { jobId: job.id }) } };
        });
      } catch (error) {
        if (holding) hold(-1);
        throw error;
      }
    },
    async release({ claim }) {
      const jobs = (held.get(claim.userKey) ?? 0) - 1;
      if (jobs > 0) held.set(claim.userKey, jobs);
      else held.delete(claim.userKey);
    },
    async settle({ claim, jobId }, costMicroUsd) {
      const cost = Math.max(0, Math.round(costMicroUsd));
      await tables.write(() => {
        if (jobId === undefined) {
          addToLedger(counters, claim, { microUsd: cost - (claim.reserveMicroUsd ?? 0) });
          return;
        }
        // The row says what is held now; one given back already (or pruned) holds nothing.
        const job = tables.jobs.find(jobId);
        if (!job?.claim) return;
        addToLedger(counters, claim, { microUsd: cost - (job.claim.reserveMicroUsd ?? 0) });
        tables.jobs.replace({ ...job, claim: { ...job.claim, reserveMicroUsd: cost, settled: true } });
      });
    },
    async refund({ claim, previousJobAt, jobId }) {
      await tables.write(() => {
        giveBackClaim(counters, claimRecordOf(claim, previousJobAt));
        // The row no longer holds what was just given back: a crash now, before the job's end is
        // recorded, must not have recovery give it back a second time.
        const job = jobId === undefined ? undefined : tables.jobs.find(jobId);
        if (job?.claim) {
          const { claim: _given, ...rest } = job;
          tables.jobs.replace(rest);
        }
      });
    },
  };
}
