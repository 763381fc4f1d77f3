import { describe, expect, it, vi } from "vitest";
import type { JobRecord } from "../../../src/core/jobs/job-record.ts";
import {
  interruptLeftJobs,
  recoverJobs,
  tellInterruptedJobs,
  type CloseInterrupted,
} from "../../../src/core/jobs/recover-jobs.ts";
import { actorKey, type Platform } from "../../../src/core/policy/actor.ts";
import type { Claim } from "../../../src/core/store/claim.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { captureLog } from "../../support/capture-log.ts";
import { createCore } from "../../support/create-core.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { acceptedId } from "../../support/job-rows.ts";

const minute = 60_000;
const day = utcDay(middayUtc);
const cooldownMs = minute;
const now = () => middayUtc;

interface Left {
  readonly id: string;
  readonly at: number;
  readonly images: number;
  readonly status: "queued" | "running";
  readonly platform?: Platform;
  readonly userId?: string;
}

/** What a process that died leaves in the store: a job's row, and the claim it took with it. */
async function leaveBehind(store: Store, left: Left): Promise<void> {
  const who = { platform: left.platform ?? "discord", userId: left.userId ?? "u1", workspaceId: "g1" };
  const job: JobRecord = {
    id: left.id,
    ...who,
    channelId: "c1",
    request: {
      prompt: left.id,
      model: "gpt-image-1",
      size: "1024x1024",
      count: left.images,
      outputFormat: "png",
    },
    status: "queued",
    createdAt: left.at,
    updatedAt: left.at,
    messageRefs: { replyId: `reply-${left.id}` },
    imageRefs: [],
  };
  const claim: Claim = {
    userKey: actorKey(who),
    workspaceKey: `workspace:${who.platform}:g1`,
    day: utcDay(left.at),
    at: left.at,
    images: left.images,
    limits: { jobsPerUser: 0, cooldownMs, imagesPerUserDay: 0, imagesPerWorkspaceDay: 0 },
  };
  expect(await store.take(claim, job)).toHaveProperty("taken");
  if (left.status === "running")
    await store.updateJob(left.id, { status: "running", updatedAt: left.at + 1 });
}

/** The requester's counters: what recovery must put back. */
async function countersOf(store: Store, userKey = "discord:g1:u1") {
  return {
    images: await store.imagesOn(userKey, day),
    workspaceImages: await store.imagesOn("workspace:discord:g1", day),
    lastJobAt: await store.lastJobAt(userKey),
  };
}

const messages = (records: () => Array<Record<string, unknown>>, level: number) =>
  records()
    .filter((line) => line.level === level)
    .map((line) => line.msg);

describe("recovering the jobs a dead process left", () => {
  it("interrupts each, closes each once, and gives the requester back their images and cooldown", async () => {
    const store = createMemoryStore();
    // An earlier job that was made: it stays counted.
    await store.setLastJobAt("discord:g1:u1", middayUtc - 20 * minute);
    await store.addImages("discord:g1:u1", day, 1);
    await store.addImages("workspace:discord:g1", day, 1);
    const before = await countersOf(store);
    await leaveBehind(store, { id: "running-job", at: middayUtc - 5 * minute, images: 2, status: "running" });
    await leaveBehind(store, { id: "queued-job", at: middayUtc - 3 * minute, images: 1, status: "queued" });
    expect((await countersOf(store)).images).toBe(4);

    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const { log, records } = captureLog();
    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(2);

    for (const id of ["running-job", "queued-job"]) {
      const row = await store.findJob(id);
      expect(row).toMatchObject({ status: "interrupted", errorCode: "interrupted", updatedAt: middayUtc });
      expect(row?.claim).toBeUndefined();
    }
    expect(close).toHaveBeenCalledTimes(2);
    expect(close.mock.calls.map(([job]) => [job.id, job.messageRefs])).toEqual(
      expect.arrayContaining([
        ["running-job", { replyId: "reply-running-job" }],
        ["queued-job", { replyId: "reply-queued-job" }],
      ]),
    );
    expect(await countersOf(store)).toEqual(before);
    expect(messages(records, 30)).toContain("told people of the jobs a previous run left unfinished");
    // Not even a cooldown the operator lengthened across the restart holds them back for jobs
    // that never ended: only their earlier job counts.
    const next = createCore({}, { store, cooldownSeconds: 10 * 60 });
    acceptedId(
      await next.imagine.submit({
        request: { prompt: "again" },
        actor: actor(),
        openSink: () => () => undefined,
      }),
    );
  });

  it("lets the requester start again in the next process, within the limits they had before", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "running-job", at: middayUtc - 30_000, images: 2, status: "running" });
    await recoverJobs({ jobs: store, closers: {}, now, log: captureLog().log });
    const next = createCore({}, { store, cooldownSeconds: 60, dailyLimitPerUser: 2 });
    const submission = await next.imagine.submit({
      request: { prompt: "again", count: 2 },
      actor: actor(),
      openSink: () => () => undefined,
    });
    acceptedId(submission);
  });

  it("closes nothing, and gives nothing back, the second time", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "running-job", at: middayUtc - minute, images: 2, status: "running" });
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const { log } = captureLog();
    await recoverJobs({ jobs: store, closers: { discord: close }, now, log });
    await store.addImages("discord:g1:u1", day, 3);
    const after = await countersOf(store);

    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(0);
    expect(close).toHaveBeenCalledTimes(1);
    expect(await countersOf(store)).toEqual(after);
  });

  it("logs a closer that fails and still closes the other jobs", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "first", at: middayUtc - 3 * minute, images: 1, status: "running" });
    await leaveBehind(store, {
      id: "second",
      at: middayUtc - 2 * minute,
      images: 1,
      status: "queued",
      userId: "u2",
    });
    const closed: string[] = [];
    const close: CloseInterrupted = async (job) => {
      if (job.id === "first") throw new Error("Unknown Webhook");
      closed.push(job.id);
    };
    const { log, records } = captureLog();
    // One person told; the other's failure is logged, and not tried again at every start.
    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(1);
    expect(closed).toEqual(["second"]);
    expect(records().filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({ jobId: "first", msg: "could not tell the person their job was interrupted" }),
    ]);
    expect((await store.findJob("first"))?.status).toBe("interrupted");
    expect((await store.findJob("second"))?.status).toBe("interrupted");
    expect(await store.untoldJobs()).toEqual([]);
  });

  it("tells at the next start the people a start that died before telling them left untold", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "running-job", at: middayUtc - minute, images: 2, status: "running" });
    // The first start interrupted the job, then died (an adapter failed to connect, say).
    await interruptLeftJobs(store, now);
    expect(await store.imagesOn("discord:g1:u1", day)).toBe(0);
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const { log } = captureLog();
    await interruptLeftJobs(store, now);
    expect(await tellInterruptedJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(1);
    expect(close.mock.calls.map(([job]) => job.id)).toEqual(["running-job"]);
    expect(await store.imagesOn("discord:g1:u1", day)).toBe(0);
    expect(await tellInterruptedJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(0);
  });

  it("leaves a person alone whose telling another process claimed between the listing and the claim", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "running-job", at: middayUtc - minute, images: 2, status: "running" });
    await interruptLeftJobs(store, now);
    const listed = await store.untoldJobs();
    // Another process on the store claims it first.
    expect(await store.claimUntoldJob("running-job")).toBe(true);
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const racing: Store = { ...store, untoldJobs: async () => listed };

    expect(
      await tellInterruptedJobs({ jobs: racing, closers: { discord: close }, now, log: captureLog().log }),
    ).toBe(0);
    expect(close).not.toHaveBeenCalled();
    expect(await store.findJob("running-job")).toMatchObject({ status: "interrupted", errorCode: "telling" });
  });

  it("records as done, without telling or giving back, a job whose images were posted", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "posted", at: middayUtc - minute, images: 2, status: "running" });
    await store.updateJob("posted", { imageRefs: ["F1", "F2"], updatedAt: middayUtc - 1000 });
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log: captureLog().log })).toBe(
      0,
    );
    expect(close).not.toHaveBeenCalled();
    expect((await store.findJob("posted"))?.status).toBe("done");
    expect(await store.imagesOn("discord:g1:u1", day)).toBe(2);
  });

  it("has the adapter finish a posted job's last word, then records it done; a dead start leaves it for the next", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "posted", at: middayUtc - minute, images: 1, status: "running" });
    await store.updateJob("posted", { imageRefs: ["F1"], updatedAt: middayUtc - 1000 });
    // A start that dies right after the first step: the job is still open, and nothing given back.
    expect((await interruptLeftJobs(store, now)).map((job) => job.id)).toEqual(["posted"]);
    expect((await store.findJob("posted"))?.status).toBe("running");

    const finish = vi.fn<CloseInterrupted>(async () => undefined);
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const delivered = await interruptLeftJobs(store, now);
    const options = {
      jobs: store,
      closers: { discord: close },
      finishers: { discord: finish },
      now,
      log: captureLog().log,
    };
    await tellInterruptedJobs(options, delivered);
    expect(finish.mock.calls.map(([job]) => [job.id, job.imageRefs])).toEqual([["posted", ["F1"]]]);
    expect(close).not.toHaveBeenCalled();
    expect((await store.findJob("posted"))?.status).toBe("done");
    expect(await store.imagesOn("discord:g1:u1", day)).toBe(1);
    expect(await interruptLeftJobs(store, now)).toEqual([]);
  });

  it("interrupts a job of a platform not running now, gives it back, and says so", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, {
      id: "slack-job",
      at: middayUtc - minute,
      images: 3,
      status: "running",
      platform: "slack",
    });
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    const { log, records } = captureLog();
    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log })).toBe(0);
    expect(close).not.toHaveBeenCalled();
    expect((await store.findJob("slack-job"))?.status).toBe("interrupted");
    expect(await store.imagesOn("slack:g1:u1", day)).toBe(0);
    expect(await store.imagesOn("workspace:slack:g1", day)).toBe(0);
    expect(messages(records, 40)).toEqual([
      "an interrupted job's platform is not configured; its message stays as it was",
    ]);
  });

  it("leaves finished jobs alone", async () => {
    const store = createMemoryStore();
    await leaveBehind(store, { id: "made", at: middayUtc - minute, images: 2, status: "running" });
    await store.updateJob("made", { status: "done", updatedAt: middayUtc - 1000 });
    const close = vi.fn<CloseInterrupted>(async () => undefined);
    expect(await recoverJobs({ jobs: store, closers: { discord: close }, now, log: captureLog().log })).toBe(
      0,
    );
    expect(close).not.toHaveBeenCalled();
    expect((await store.findJob("made"))?.status).toBe("done");
    expect(await store.imagesOn("discord:g1:u1", day)).toBe(2);
  });
});
