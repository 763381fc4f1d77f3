import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { describe, expect, it, onTestFinished } from "vitest";
import { redisKeys } from "../../../src/core/store/redis/redis-keys.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { startEntry } from "../../support/run-entry.ts";
import {
  openTestRedisStore,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../../support/test-redis.ts";
import { makeClaim, makeJob, noon } from "./make-job.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = noRedis ? ` (skipped: ${noRedis})` : "";

/** Asks `attempt` again until `done` accepts its answer, for at most 10 s. */
async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still waiting after 10 s for ${what}; last: ${String(value)}`);
    await delay(25);
  }
}

const ids = (jobs: readonly { id: string }[]) => jobs.map((job) => job.id);

/** Two live instances on one prefix, and a third that wrote jobs and is gone (closed). */
async function instancesWithGoneJobs() {
  const prefix = uniquePrefix();
  const first = await openTestRedisStore({ prefix });
  const second = await openTestRedisStore({ prefix });
  const gone = await openTestRedisStore({ prefix });
  await gone.createJob(makeJob({ id: "gone-queued", createdAt: noon + 1 }));
  await gone.take(makeClaim(), makeJob({ id: "gone-running", status: "running", createdAt: noon + 2 }));
  await gone.createJob(
    makeJob({ id: "gone-posted", status: "running", imageRefs: ["F1"], createdAt: noon + 3 }),
  );
  await gone.close();
  return { prefix, first, second };
}

describe.skipIf(noRedis !== undefined)(`the Redis store shared by several instances${skipNote}`, () => {
  it("lists as left only the unfinished jobs of instances that are gone, or that name none", async () => {
    const { prefix, first, second } = await instancesWithGoneJobs();
    await first.createJob(makeJob({ id: "first-running", status: "running", createdAt: noon }));
    await second.take(makeClaim(), makeJob({ id: "second-queued", createdAt: noon + 4 }));
    // A row written before rows named their instance.
    await second.createJob(makeJob({ id: "ownerless", createdAt: noon + 5 }));
    const redis = new Redis(testRedisUrl);
    onTestFinished(() => void redis.disconnect());
    await redis.hdel(redisKeys(prefix).job("ownerless"), "owner");

    const left = ["gone-queued", "gone-running", "gone-posted", "ownerless"];
    expect(ids(await first.unfinishedJobs())).toEqual(left);
    expect(ids(await second.unfinishedJobs())).toEqual(left);
  });

  it("never interrupts a job a live instance runs, even one a sweep read as left a moment before", async () => {
    const { first, second } = await instancesWithGoneJobs();
    // A sweep on the first read the gone instance's queued job as left; meanwhile the second
    // instance started it, and now runs it.
    expect(ids(await first.unfinishedJobs())).toContain("gone-queued");
    await second.createJob(makeJob({ id: "second-running", status: "running", createdAt: noon + 6 }));
    expect(await first.interruptJob("second-running", noon + 7, "restarted")).toBe(false);
    expect((await first.findJob("second-running"))?.status).toBe("running");
    // Its own job, or a gone instance's, it may interrupt.
    expect(await second.interruptJob("second-running", noon + 8, "restarted")).toBe(true);
    expect(await first.interruptJob("gone-queued", noon + 9, "restarted")).toBe(true);
  });

  it("lists the job of a process killed mid-job once its lease has run out, not before", async () => {
    const prefix = uniquePrefix();
    const store = await openTestRedisStore({ prefix });
    const holder = startEntry(
      "test/core/store/fixtures/hold-redis-claim.ts",
      { REDIS_URL: testRedisUrl, PREFIX: prefix, LEASE_MS: "2000", JOB_ID: "held" },
      makeTempDir("redis-holder"),
    );
    onTestFinished(() => holder.stop());
    await holder.waitForLine((line) => line === "taken");
    expect(await store.findJob("held")).toMatchObject({ status: "running" });
    expect(await store.unfinishedJobs()).toEqual([]);

    await holder.stop();
    const left = await eventually(
      () => store.unfinishedJobs(),
      (jobs) => jobs.length > 0,
      "the killed process's job to be listed as left",
    );
    expect(ids(left)).toEqual(["held"]);
  });

  it("lets one instance only interrupt, adopt or tell of each job a gone instance left", async () => {
    const { first, second } = await instancesWithGoneJobs();
    const both = <T>(call: (store: typeof first) => Promise<T>) => Promise.all([call(first), call(second)]);

    expect((await both((store) => store.interruptJob("gone-running", noon + 9, "restarted"))).sort()).toEqual(
      [false, true],
    );
    expect((await both((store) => store.adoptJob("gone-posted"))).sort()).toEqual([false, true]);
    // Adopted by a live instance: nobody's to close any more, its adopter's neither.
    expect(ids(await first.unfinishedJobs())).toEqual(["gone-queued"]);
    expect(ids(await second.unfinishedJobs())).toEqual(["gone-queued"]);

    expect((await both((store) => store.claimUntoldJob("gone-running"))).sort()).toEqual([false, true]);
    expect(await first.untoldJobs()).toEqual([]);
    expect(await second.untoldJobs()).toEqual([]);
  });

  it("lets another instance tell a person once the instance telling them is gone", async () => {
    const prefix = uniquePrefix();
    const teller = await openTestRedisStore({ prefix });
    const other = await openTestRedisStore({ prefix });
    await other.createJob(makeJob({ status: "interrupted", errorCode: "restarted" }));
    expect(await teller.claimUntoldJob("job-1")).toBe(true);
    expect(await other.untoldJobs()).toEqual([]);
    expect(await other.claimUntoldJob("job-1")).toBe(false);

    await teller.close();
    expect(ids(await other.untoldJobs())).toEqual(["job-1"]);
    expect(await other.claimUntoldJob("job-1")).toBe(true);
    expect(await other.claimUntoldJob("job-1")).toBe(false);
  });

  it("claims a key once for every instance, under its prefix, until its time runs out", async () => {
    const prefix = uniquePrefix();
    const first = await openTestRedisStore({ prefix });
    const second = await openTestRedisStore({ prefix });
    const elsewhere = await openTestRedisStore();

    const claims = await Promise.all(
      [first, second, first, second].map((store) => store.claimOnce("ev", 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Another bot (another prefix) claims its own.
    expect(await elsewhere.claimOnce("ev", 60_000)).toBe(true);

    expect(await first.claimOnce("short", 100)).toBe(true);
    expect(await second.claimOnce("short", 100)).toBe(false);
    await eventually(() => second.claimOnce("short", 100), Boolean, "the short claim to run out");
  });
});
