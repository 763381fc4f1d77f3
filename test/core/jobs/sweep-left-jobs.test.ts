import { afterEach, describe, expect, it, vi } from "vitest";
import type { CloseInterrupted } from "../../../src/core/jobs/recover-jobs.ts";
import { startLeftJobSweep, type LeftJobSweep } from "../../../src/core/jobs/sweep-left-jobs.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { captureLog } from "../../support/capture-log.ts";
import { openTestRedisStore, redisRequired, uniquePrefix, whyNoRedis } from "../../support/test-redis.ts";
import { makeClaim, makeJob, noon } from "../store/make-job.ts";

// Without a Redis the shared-store cases fail in CI (which must have one) and are skipped elsewhere.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = noRedis ? ` (skipped: ${noRedis})` : "";

const now = () => noon + 60_000;
const sweeps: LeftJobSweep[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sweeps.splice(0).map((sweep) => sweep.stop()));
});

/** A sweep over `store` whose closers and finishers record the jobs they were handed. */
function sweepOver(store: Store, everyMs = 60_000) {
  const closed: string[] = [];
  const finished: string[] = [];
  const close: CloseInterrupted = async (job) => void closed.push(job.id);
  const finish: CloseInterrupted = async (job) => void finished.push(job.id);
  const captured = captureLog();
  const sweep = startLeftJobSweep({
    jobs: store,
    closers: { discord: close },
    finishers: { discord: finish },
    now,
    log: captured.log,
    everyMs,
  });
  sweeps.push(sweep);
  return { sweep, closed, finished, captured };
}

describe.skipIf(noRedis !== undefined)(`sweeping a store shared by several instances${skipNote}`, () => {
  it("closes a gone instance's job once, tells its person once, and leaves live instances' jobs alone", async () => {
    const prefix = uniquePrefix();
    const gone = await openTestRedisStore({ prefix });
    await gone.take(makeClaim({ images: 2 }), makeJob({ id: "killed", status: "running" }));
    await gone.createJob(
      makeJob({ id: "posted", status: "running", imageRefs: ["F1"], createdAt: noon + 1 }),
    );
    await gone.close();
    const live = await openTestRedisStore({ prefix });
    await live.take(makeClaim({ userKey: "discord:g1:u2" }), makeJob({ id: "alive", status: "running" }));
    const first = sweepOver(await openTestRedisStore({ prefix }));
    const second = sweepOver(await openTestRedisStore({ prefix }));

    await Promise.all([first.sweep.sweepNow(), second.sweep.sweepNow()]);
    await Promise.all([first.sweep.sweepNow(), second.sweep.sweepNow()]);

    expect([...first.closed, ...second.closed]).toEqual(["killed"]);
    expect([...first.finished, ...second.finished]).toEqual(["posted"]);
    expect(await live.findJob("killed")).toMatchObject({ status: "interrupted", errorCode: "interrupted" });
    expect((await live.findJob("killed"))?.claim).toBeUndefined();
    expect(await live.imagesOn("discord:g1:u1", "2026-11-25")).toBe(0);
    expect(await live.findJob("posted")).toMatchObject({ status: "done" });
    expect(await live.findJob("alive")).toMatchObject({ status: "running" });
    expect(await live.imagesOn("discord:g1:u2", "2026-11-25")).toBe(2);
  });
});

describe("the periodic sweep", () => {
  it("sweeps every period on its own, and no more once stopped", async () => {
    vi.useFakeTimers();
    const store = createMemoryStore();
    await store.createJob(makeJob({ id: "first", status: "running" }));
    const { sweep, closed } = sweepOver(store, 15_000);

    await vi.advanceTimersByTimeAsync(14_999);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(closed).toEqual(["first"]));

    await sweep.stop();
    await store.createJob(makeJob({ id: "second", status: "running" }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(closed).toEqual(["first"]);
    expect(await store.findJob("second")).toMatchObject({ status: "running" });
  });

  it("leaves the jobs for the next sweep while the store cannot be used, quietly", async () => {
    const store = createMemoryStore();
    await store.createJob(makeJob({ status: "running" }));
    let down = true;
    const flaky: Store = {
      ...store,
      unfinishedJobs: () =>
        down
          ? Promise.reject(new StoreUnavailableError("Redis at redis:6379 cannot be used now"))
          : store.unfinishedJobs(),
    };
    const { sweep, closed, captured } = sweepOver(flaky);

    await sweep.sweepNow();
    expect(closed).toEqual([]);
    down = false;
    await sweep.sweepNow();
    expect(closed).toEqual(["job-1"]);
    expect(captured.records().filter((record) => Number(record.level) >= 40)).toEqual([]);
  });

  it("logs any other failure and sweeps again the next time", async () => {
    const store = createMemoryStore();
    await store.createJob(makeJob({ status: "running" }));
    let broken = true;
    const buggy: Store = {
      ...store,
      unfinishedJobs: () => (broken ? Promise.reject(new Error("a bug")) : store.unfinishedJobs()),
    };
    const { sweep, closed, captured } = sweepOver(buggy);

    await sweep.sweepNow();
    broken = false;
    await sweep.sweepNow();
    expect(closed).toEqual(["job-1"]);
    expect(
      captured
        .records()
        .filter((record) => record.level === 50)
        .map((record) => record.msg),
    ).toEqual(["closing the jobs of instances that stopped failed; trying again later"]);
  });

  it("runs one sweep at a time: a sweep asked for during another is that one", async () => {
    const store = createMemoryStore();
    await store.createJob(makeJob({ status: "running" }));
    let calls = 0;
    const counted: Store = { ...store, unfinishedJobs: () => (calls++, store.unfinishedJobs()) };
    const { sweep, closed } = sweepOver(counted);

    await Promise.all([sweep.sweepNow(), sweep.sweepNow(), sweep.sweepNow()]);
    expect(calls).toBe(1);
    expect(closed).toEqual(["job-1"]);
  });
});
