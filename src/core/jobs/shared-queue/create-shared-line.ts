import type { Logger } from "pino";
import { ImagineError } from "../../errors/errors.ts";
import type { ModerationLog } from "../../moderation/moderation-entry.ts";
import type { PlatformAdapter } from "../../platform-adapter.ts";
import { actorKey, type Platform } from "../../policy/actor.ts";
import type { Policy } from "../../policy/policy.ts";
import type { GenerationRequest } from "../../requests/request.ts";
import { StoreUnavailableError } from "../../store/store-unavailable-error.ts";
import type { JobLine } from "../job-line.ts";
import type { JobRecord, JobStore } from "../job-record.ts";
import type { Handle, JobRunner, RunnableJob } from "../job-runner.ts";
import { createSafeSink } from "../safe-sink.ts";
import type { AcceptedJob } from "../submission.ts";
import { closeLeftJob } from "./close-left-job.ts";
import type { SharedJobStore } from "./shared-job-store.ts";
import type { SharedQueue, SharedQueueEntry } from "./shared-queue.ts";

/** What the shared line needs of a platform's adapter on this instance. */
export type JobResumer = Pick<PlatformAdapter, "resumeSink" | "closeInterrupted" | "inputAccess">;

export interface SharedLineOptions {
  readonly queue: SharedQueue;
  readonly store: SharedJobStore;
  readonly jobs: Pick<JobStore, "interruptJob" | "claimUntoldJob" | "updateJob">;
  readonly runner: JobRunner;
  readonly policy: Pick<Policy, "admissionOf">;
  /** The adapter of a platform on this instance, once built (the core is built before them). */
  readonly adapterOf: (platform: Platform) => JobResumer | undefined;
  readonly moderationLog?: ModerationLog;
  /** The `partial` previews a request's job asks for. */
  readonly previewsOf: (request: GenerationRequest) => number;
  /** Cancels a job running here (the core's own `cancel`). */
  readonly cancel: (job: RunnableJob) => void;
  /** True once this instance stops taking work. */
  readonly closing: () => boolean;
  readonly log: Logger;
  readonly now: () => number;
}

/**
 * The line every instance shares (Redis mode). The instance that accepted a job tells its person
 * their place in the shared queue, has its adapter draw that for good (`handedOver`), and adds
 * the job to the queue; from then on the job belongs to the queue, and whichever instance's
 * worker takes it runs it through the same runner as a local job, shown through a sink its own
 * adapter rebuilds from the job's record (`PlatformAdapter.resumeSink`). A worker handed a job
 * that is already running under an instance that is gone (a worker that died mid-job) closes it
 * visibly instead of making it again (`closeLeftJob`).
 *
 * Cancelling a job waiting in the shared queue takes it out and ends it where it was accepted;
 * a job running on another instance cannot be cancelled from this one (it runs to its end).
 * Jobs whose platform cannot be resumed on another instance stay in `local`.
 */
export function createSharedLine(options: SharedLineOptions, local: JobLine): JobLine {
  const { queue, store, runner, now } = options;
  /** Jobs being handed to the queue: their people told their place, the queue not yet holding them. */
  const handing = new Set<RunnableJob>();
  /** The jobs this instance's worker has taken, until each has ended here. */
  const taking = new Set<Promise<void>>();
  const stopKeepingQueue = store.keepQueueAlive();

  const resumable = (job: RunnableJob) => options.adapterOf(job.labels.platform)?.resumeSink !== undefined;

  /** The waiting job is taken back out of the queue, when no worker has it yet, and cancelled here. */
  async function cancelWaiting(job: RunnableJob): Promise<void> {
    const entry = await queue.remove(job.id).catch((error: unknown) => {
      job.log.warn({ err: error }, "could not take the job out of the shared queue");
      return undefined;
    });
    if (!entry || !(await store.withdrawQueuedJob(job.id).catch(() => false))) {
      job.log.info("the job is running on another instance (or has ended); it cannot be cancelled from here");
      return;
    }
    job.stopReason ??= "cancelled";
    await runner.finish(job, undefined);
  }

  async function handOver(job: RunnableJob): Promise<void> {
    handing.add(job);
    try {
      if (!job.stopReason) {
        const waiting = await queue.waitingCount().catch(() => undefined);
        if (waiting !== undefined) void job.emit({ type: "queued", position: waiting + 1 });
        await job.emit({ type: "handedOver" });
        // Where the acknowledgement is must be on record before another instance may show the job.
        await Promise.allSettled([...job.handle.notes]);
      }
      if (job.stopReason) return await runner.finish(job, undefined);
      await queue.add({
        jobId: job.id,
        ...(job.spoiler && { spoiler: true }),
        ...(job.modlogChannelId !== undefined && { modlogChannelId: job.modlogChannelId }),
      });
    } catch (error) {
      job.log.warn({ err: error }, "the shared queue could not take the job");
      return await runner.finish(job, new ImagineError("store_unavailable", {}, { cause: error }));
    } finally {
      handing.delete(job);
    }
    job.log.info("job handed to the shared queue");
    if (job.stopReason) return cancelWaiting(job);
    job.handle.job = undefined;
    job.handle.cancelWaiting = () => void runner.track(cancelWaiting(job));
    // Until this lands the job is this instance's, and its recovery's should this instance die.
    await store
      .queueJob(job.id)
      .catch((error: unknown) => job.log.warn({ err: error }, "could not give the job to the shared queue"));
  }

  /** Runs a job another instance (or this one) accepted, from its record, through the runner. */
  async function runResumed(
    record: JobRecord,
    entry: SharedQueueEntry,
    adapter: JobResumer | undefined,
  ): Promise<void> {
    const { id, platform, userId, request } = record;
    const log = options.log.child({ jobId: id, platform, userId });
    const admission = options.policy.admissionOf(record);
    const handle: Handle = { notes: new Set() };
    const heldEnds: Promise<unknown>[] = [];
    const accepted: AcceptedJob = {
      jobId: id,
      request,
      previews: options.previewsOf(request),
      spoiler: entry.spoiler === true,
      note: (notes) => runner.mark(id, notes, log),
      holdEnd: (landed) => void heldEnds.push(landed),
      cancel: () => {
        if (handle.job) options.cancel(handle.job);
        else handle.stopReason ??= "cancelled";
      },
    };
    let sink;
    try {
      if (!adapter?.resumeSink) throw new Error(`no ${platform} adapter here can show this job`);
      sink = await adapter.resumeSink(record, accepted);
    } catch (error) {
      log.error({ err: error }, "could not show a job from the shared queue; closing it as interrupted");
      await admission.release().catch(() => undefined);
      return closeLeft(record, adapter);
    }
    const { moderationLog } = options;
    const { modlogChannelId } = entry;
    const job: RunnableJob = {
      id,
      ownerKey: actorKey(record),
      labels: { platform, model: request.model },
      request,
      admission,
      heldEnds,
      handle,
      reportModeration: (rule) => {
        if (!moderationLog || modlogChannelId === undefined) return;
        const { workspaceId, channelId } = record;
        moderationLog({
          platform,
          modlogChannelId,
          ...(workspaceId && { workspaceId }),
          channelId,
          userId,
          prompt: request.prompt,
          rule,
        });
      },
      ...(adapter?.inputAccess && { inputAccess: adapter.inputAccess }),
      emit: createSafeSink(sink, log),
      log,
      abort: new AbortController(),
      submittedAt: record.createdAt,
      spoiler: entry.spoiler === true,
      ...(modlogChannelId !== undefined && { modlogChannelId }),
      ...(handle.stopReason && { stopReason: handle.stopReason }),
    };
    handle.job = job;
    log.info("job taken from the shared queue");
    await runner.run(job, true);
  }

  function closeLeft(record: JobRecord, adapter: JobResumer | undefined): Promise<void> {
    return closeLeftJob(record, {
      jobs: options.jobs,
      close: adapter && ((job) => adapter.closeInterrupted(job)),
      now,
      log: options.log,
    });
  }

  /** What this instance's worker does with each job it takes from the shared queue. */
  async function take(entry: SharedQueueEntry): Promise<void> {
    // Left in the queue (tried again later, on any instance) rather than stopped at once here.
    if (options.closing()) throw new ImagineError("shutting_down");
    const start = await store.startQueuedJob(entry.jobId, now());
    const adapter = start.job && options.adapterOf(start.job.platform);
    switch (start.outcome) {
      case "started":
        return runResumed(start.job, entry, adapter);
      case "left":
        return start.job && closeLeft(start.job, adapter);
      case "taken":
        options.log.info(
          { jobId: entry.jobId },
          "a job from the shared queue runs on a live instance already",
        );
        return;
      case "ended":
        return;
    }
  }

  queue.process((entry) => {
    const taken = take(entry).catch((error: unknown) => {
      if (!(error instanceof StoreUnavailableError) && !(error instanceof ImagineError)) {
        options.log.error({ err: error, jobId: entry.jobId }, "taking a job from the shared queue failed");
      }
      throw error;
    });
    const settled = taken.catch(() => undefined);
    taking.add(settled);
    void settled.finally(() => taking.delete(settled));
    return taken;
  });

  return {
    addAll(jobs) {
      const here = jobs.filter((job) => !resumable(job));
      if (here.length > 0) local.addAll(here);
      for (const job of jobs) if (resumable(job)) void runner.track(handOver(job));
    },
    // A job being handed over ends once its acknowledgement is drawn, with the stop it was given.
    remove: (job) => local.remove(job),
    // Jobs being handed over go on to the queue: the other instances will run them.
    drain: () => local.drain(),
    async close() {
      stopKeepingQueue();
      await Promise.allSettled([queue.close(), local.close()]);
    },
    async whenIdle() {
      await local.whenIdle();
      while (taking.size > 0) await Promise.allSettled([...taking]);
    },
    get runningCount() {
      return runner.running.size;
    },
    get waitingCount() {
      return local.waitingCount + handing.size;
    },
  };
}
