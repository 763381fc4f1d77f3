import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobRecord, JobStore } from "../../../src/core/jobs/job-record.ts";
import { startJobRetention } from "../../../src/core/jobs/prune-jobs.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { captureLog } from "../../support/capture-log.ts";
import { middayUtc } from "../../support/fixed-clock.ts";

const dayMs = 86_400_000;
const everyMs = 60 * 60_000;

/** A job row created at `createdAt`, finished. */
const row = (id: string, createdAt: number): JobRecord => ({
  id,
  platform: "discord",
  workspaceId: "g1",
  channelId: "c1",
  userId: "u1",
  request: { prompt: id, model: "gpt-image-1", size: "1024x1024", count: 1, outputFormat: "png" },
  status: "done",
  createdAt,
  updatedAt: createdAt,
  messageRefs: {},
  imageRefs: [],
});

describe("keeping job records for the retention only", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("drops the rows older than the retention at once, again on each round, and stops when told", async () => {
    const store = createMemoryStore();
    const clock = { now: middayUtc };
    await store.createJob(row("old", middayUtc - 8 * dayMs));
    await store.createJob(row("just-kept", middayUtc - 7 * dayMs + 1));
    await store.createJob(row("new", middayUtc - dayMs));
    const prune = vi.spyOn(store, "pruneJobs");
    const { log, records } = captureLog();
    const retention = startJobRetention({
      jobs: store,
      retentionDays: 7,
      now: () => clock.now,
      log,
      everyMs,
    });
    const kept = async () =>
      (await Promise.all(["old", "just-kept", "new"].map((id) => store.findJob(id)))).flatMap((job) =>
        job ? [job.id] : [],
      );

    await vi.waitFor(async () => expect(await kept()).toEqual(["just-kept", "new"]));
    expect(records()).toContainEqual(
      expect.objectContaining({ msg: "dropped old job records", jobs: 1, retentionDays: 7 }),
    );

    clock.now += dayMs;
    await vi.advanceTimersByTimeAsync(everyMs);
    await vi.waitFor(async () => expect(await kept()).toEqual(["new"]));
    expect(prune).toHaveBeenCalledTimes(2);

    retention.stop();
    clock.now += 30 * dayMs;
    await vi.advanceTimersByTimeAsync(10 * everyMs);
    expect(prune).toHaveBeenCalledTimes(2);
    expect(await kept()).toEqual(["new"]);
  });

  it("logs a prune that fails, throws nothing, and tries again next round", async () => {
    let failures = 0;
    const jobs: Pick<JobStore, "pruneJobs"> = {
      pruneJobs: vi.fn(async () => {
        failures += 1;
        throw new Error("database is locked");
      }),
    };
    const { log, records } = captureLog();
    const retention = startJobRetention({ jobs, retentionDays: 7, now: () => middayUtc, log, everyMs });
    const errors = () =>
      records().filter((line) => line.level === 50 && line.msg === "dropping old job records failed");
    await vi.waitFor(() => expect(errors()).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(everyMs);
    await vi.waitFor(() => expect(errors()).toHaveLength(2));
    expect(failures).toBe(2);
    retention.stop();
  });

  it("asks the store for the rows created before the retention began", async () => {
    const pruneJobs = vi.fn<JobStore["pruneJobs"]>(async () => 0);
    const { log, records } = captureLog();
    const retention = startJobRetention({
      jobs: { pruneJobs },
      retentionDays: 30,
      now: () => middayUtc,
      log,
    });
    await vi.waitFor(() => expect(pruneJobs).toHaveBeenCalledWith(middayUtc - 30 * dayMs));
    retention.stop();
    // Nothing dropped, nothing said.
    expect(records().filter((line) => line.msg === "dropped old job records")).toEqual([]);
  });
});
