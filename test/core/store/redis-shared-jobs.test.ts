import { describe, expect, it } from "vitest";
import type { TakeResult, TakenClaim } from "../../../src/core/store/claim.ts";
import { openTestRedisStore, redisRequired, uniquePrefix, whyNoRedis } from "../../support/test-redis.ts";
import { makeClaim, makeJob, noon } from "./make-job.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

const takenOf = (result: TakeResult): TakenClaim => {
  if (!("taken" in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.taken;
};

/** One job at a time per person. */
const oneAtATime = { jobsPerUser: 1 };

describe.skipIf(noRedis !== undefined)(`the Redis store's shared queue side${skipNote(noRedis)}`, () => {
  it("starts a queued job on exactly one of several instances asking at once", async () => {
    const prefix = uniquePrefix();
    const stores = await Promise.all([1, 2, 3].map(() => openTestRedisStore({ prefix })));
    takenOf(await stores[0]!.take(makeClaim(), makeJob()));
    expect(await stores[0]!.sharedJobs.queueJob("job-1")).toBe(true);

    const starts = await Promise.all(
      stores.map((store) => store.sharedJobs.startQueuedJob("job-1", noon + 5)),
    );
    expect(starts.map((start) => start.outcome).sort()).toEqual(["started", "taken", "taken"]);
    const started = starts.find((start) => start.outcome === "started");
    expect(started?.job).toMatchObject({ id: "job-1", status: "running", updatedAt: noon + 5 });
    expect((await stores[1]!.findJob("job-1"))?.status).toBe("running");
  });

  it("keeps a waiting job's place held while the instance that accepted it is gone, then where it runs", async () => {
    const prefix = uniquePrefix();
    const accepting = await openTestRedisStore({ prefix });
    const other = await openTestRedisStore({ prefix });
    const stopQueue = other.sharedJobs.keepQueueAlive();
    try {
      takenOf(await accepting.take(makeClaim({}, oneAtATime), makeJob()));
      expect(await accepting.sharedJobs.queueJob("job-1")).toBe(true);
      await accepting.close();
      // The job waits in the queue, which a live instance keeps: it still counts, and is nobody's to close.
      expect(await other.take(makeClaim({}, oneAtATime))).toEqual({ refused: { limit: "jobs", held: 1 } });
      expect(await other.unfinishedJobs()).toEqual([]);

      const start = await other.sharedJobs.startQueuedJob("job-1", noon + 1);
      expect(start.outcome).toBe("started");
      expect(await other.take(makeClaim({}, oneAtATime))).toEqual({ refused: { limit: "jobs", held: 1 } });
      // Released where it ran, the place is free again.
      await other.release({ claim: makeClaim(), previousJobAt: undefined, jobId: "job-1" });
      expect("taken" in (await other.take(makeClaim({}, oneAtATime)))).toBe(true);
    } finally {
      stopQueue();
    }
  });

  it("tells a worker handed a running job whether its instance is alive or gone", async () => {
    const prefix = uniquePrefix();
    const runner = await openTestRedisStore({ prefix });
    const other = await openTestRedisStore({ prefix });
    takenOf(await runner.take(makeClaim(), makeJob()));
    expect((await runner.sharedJobs.startQueuedJob("job-1", noon)).outcome).toBe("started");
    expect((await other.sharedJobs.startQueuedJob("job-1", noon)).outcome).toBe("taken");
    // Its own job, handed to it again, is not "left" either.
    expect((await runner.sharedJobs.startQueuedJob("job-1", noon)).outcome).toBe("taken");
    await runner.close();
    const left = await other.sharedJobs.startQueuedJob("job-1", noon);
    expect(left).toMatchObject({ outcome: "left", job: { id: "job-1", status: "running" } });
    await other.interruptJob("job-1", noon, "restarted");
    expect((await other.sharedJobs.startQueuedJob("job-1", noon)).outcome).toBe("ended");
    expect((await other.sharedJobs.startQueuedJob("no-such-job", noon)).outcome).toBe("ended");
  });

  it("withdraws a waiting job for the instance that cancels it, and not once a worker started it", async () => {
    const prefix = uniquePrefix();
    const accepting = await openTestRedisStore({ prefix });
    const worker = await openTestRedisStore({ prefix });
    const taken = takenOf(await accepting.take(makeClaim({}, oneAtATime), makeJob()));
    takenOf(await accepting.take(makeClaim({}, {}), makeJob({ id: "job-2" })));
    await accepting.sharedJobs.queueJob("job-1");
    await accepting.sharedJobs.queueJob("job-2");

    expect(await accepting.sharedJobs.withdrawQueuedJob("job-1")).toBe(true);
    // Its place is back with the accepting instance, whose release frees it.
    await accepting.release(taken);
    expect(await worker.take(makeClaim({}, { jobsPerUser: 2 }))).toMatchObject({ taken: {} });

    expect((await worker.sharedJobs.startQueuedJob("job-2", noon)).outcome).toBe("started");
    expect(await accepting.sharedJobs.withdrawQueuedJob("job-2")).toBe(false);
    expect(await accepting.sharedJobs.queueJob("job-2")).toBe(false);
  });
});
