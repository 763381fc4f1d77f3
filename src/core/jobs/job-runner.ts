import type { Logger } from "pino";
import { ImagineError, toImagineError } from "../errors/errors.ts";
import type { ModerationRule } from "../moderation/moderation-entry.ts";
import { costOf, type PriceList } from "../money/prices.ts";
import type { Admission } from "../policy/policy.ts";
import type { ImageData, ImageProvider, TokenUsage } from "../provider/types.ts";
import type { InputImageAccess } from "../requests/input-image.ts";
import type { GenerationRequest } from "../requests/request.ts";
import type { JobEvent, TerminalJobEvent } from "./job-events.ts";
import type { JobLabels, JobObserver } from "./job-observer.ts";
import type { JobChange, JobStore } from "./job-record.ts";
import type { ImagineStats } from "./submission.ts";

/** Why a job is being stopped before its end. */
export type StopReason = "cancelled" | "shutting_down";

/** What an accepted job's `cancel` reaches: the job once its sink is open, else the stop it waits to act on. */
export interface Handle {
  job?: RunnableJob;
  stopReason?: StopReason;
  /** The job's notes (`AcceptedJob.note`) still being written. */
  readonly notes: Set<Promise<void>>;
  /** Once the job waits in the queue every instance shares: takes it out and cancels it, if it still waits. */
  cancelWaiting?: () => void;
}

/** A job whose sink is open, as the runner runs it (in this process, whichever instance accepted it). */
export interface RunnableJob {
  readonly id: string;
  /** Jobs with the same key take turns with other keys' jobs in the local queue. */
  readonly ownerKey: string;
  readonly labels: JobLabels;
  readonly request: GenerationRequest;
  readonly admission: Admission;
  /** Last words landing after the sink's terminal promise (see `AcceptedJob.holdEnd`). */
  readonly heldEnds: Promise<unknown>[];
  /** What the adapter's `cancel` reaches; let go of the job once it ended. */
  readonly handle: Handle;
  /** Reports a refusal of this job's prompt to the mod-log, where there is one. */
  readonly reportModeration: (rule: ModerationRule) => void;
  /** How an edit's inputs are downloaded; held in memory only. */
  readonly inputAccess?: InputImageAccess;
  readonly emit: (event: JobEvent) => Promise<void>;
  readonly log: Logger;
  readonly abort: AbortController;
  /** When the job was accepted: its person's wait and the elapsed time shown count from here. */
  readonly submittedAt: number;
  /** Its results are posted as spoilers (decided where it was accepted). */
  readonly spoiler: boolean;
  /** Where a refusal of its prompt is reported for moderation, when anywhere (decided where it was accepted). */
  readonly modlogChannelId?: string;
  /** Why the job is being stopped, when it is. */
  stopReason?: StopReason;
}

export interface JobRunnerOptions {
  readonly jobs: Pick<JobStore, "updateJob">;
  readonly provider: ImageProvider;
  readonly observer: JobObserver;
  /** Prices by model, to record what each job cost; without them jobs are recorded unpriced. */
  readonly prices?: PriceList;
  readonly now: () => number;
}

/** Runs jobs and ends them, whatever queue they waited in: the one way a job is run and recorded. */
export interface JobRunner {
  /**
   * Runs a job whose slot came: records it `running` (unless `recorded`: the store did as it took
   * the job), generates, hands the images (or the failure) to its sink, settles or gives back its
   * claim, frees its place and records its end. Never rejects.
   */
  run(job: RunnableJob, recorded?: boolean): Promise<void>;
  /**
   * Ends a job that will not (or did not) make its images: cancelled, stopped by a shutdown, or
   * failed with `error`. Its claim is given back, its person told, its end recorded.
   */
  finish(job: RunnableJob, error: unknown): Promise<void>;
  /** Records a job's move; a store that fails is logged, the job goes on. */
  mark(id: string, change: Omit<JobChange, "updatedAt">, log: Logger): Promise<void>;
  /** Gives back what a job took: its quota, then its place. Never rejects. */
  giveBack(admission: Admission, log: Logger): Promise<void>;
  /** Keeps `delivery` until it settles, so a shutdown can wait for the last words still landing. */
  track(delivery: Promise<void>): Promise<void>;
  /** Resolves once every delivery tracked until now has settled. */
  landed(): Promise<void>;
  /** Resolves once no job is running here. */
  whenIdle(): Promise<void>;
  /** Jobs making or delivering their images here now. */
  readonly running: ReadonlySet<RunnableJob>;
  /** How jobs have ended so far (and how many were accepted or refused: the core counts those). */
  readonly totals: { -readonly [key in keyof ImagineStats["totals"]]: number };
}

/** How a job's end is recorded, from the event that told its person. */
function endOf(event: TerminalJobEvent): Omit<JobChange, "updatedAt"> {
  switch (event.type) {
    case "completed":
      return { status: "done" };
    case "failed":
      return event.error.code === "shutting_down"
        ? { status: "interrupted", errorCode: event.error.code }
        : { status: "failed", errorCode: event.error.code };
    case "cancelled":
      return { status: "failed", errorCode: "cancelled" };
  }
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { now, observer } = options;
  const deliveries = new Set<Promise<void>>();
  const running = new Set<RunnableJob>();
  const idleWaiters: (() => void)[] = [];
  const totals = { accepted: 0, refused: 0, completed: 0, failed: 0, cancelled: 0 };

  async function mark(id: string, change: Omit<JobChange, "updatedAt">, log: Logger): Promise<void> {
    await options.jobs
      .updateJob(id, { ...change, updatedAt: now() })
      .catch((error: unknown) => log.error({ err: error, change }, "recording the job's move failed"));
  }

  function track(delivery: Promise<void>): Promise<void> {
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
    return delivery;
  }

  /**
   * Tells the job's person of its end, then records it: a crash in between leaves it to recovery.
   * A last word the adapter said lands later (`holdEnd`) is waited for before the record, but not
   * by the job's slot.
   */
  async function end(
    job: RunnableJob,
    event: TerminalJobEvent,
    spend: Pick<JobChange, "usage" | "costUsd"> = {},
  ): Promise<void> {
    await job.emit(event);
    // A held end keeps neither the event nor the job (whose abort signal may still hold the
    // provider's listeners, and through them the images): each may weigh megabytes.
    job.handle.job = undefined;
    const { id, log } = job;
    const change = { ...endOf(event), ...spend };
    const record = () => mark(id, change, log);
    if (job.heldEnds.length === 0) return record();
    void track(Promise.allSettled(job.heldEnds).then(record));
  }

  /** What a generation cost: its usage, and its price when one is known for the model. */
  function spendOf(model: string, usage: TokenUsage | undefined): Pick<JobChange, "usage" | "costUsd"> {
    const price = options.prices?.priceOf(model);
    const costUsd = price && costOf(price, usage);
    return { ...(usage && { usage }), ...(costUsd !== undefined && { costUsd }) };
  }

  /** Frees the job's place among its person's jobs; a store that fails is logged, not thrown. */
  async function release(admission: Admission, log: Logger): Promise<void> {
    await admission
      .release()
      .catch((error: unknown) => log.error({ err: error }, "freeing the job's place failed"));
  }

  async function giveBack(admission: Admission, log: Logger): Promise<void> {
    await admission.refund().catch((error: unknown) => log.error({ err: error }, "refund failed"));
    await release(admission, log);
  }

  async function finish(job: RunnableJob, error: unknown): Promise<void> {
    await giveBack(job.admission, job.log);
    const elapsedMs = now() - job.submittedAt;
    if (job.stopReason === "cancelled") {
      totals.cancelled++;
      observer.finished(job.labels, "cancelled");
      job.log.info("job cancelled");
      await track(end(job, { type: "cancelled" }));
      return;
    }
    const failure =
      job.stopReason === "shutting_down" ? new ImagineError("shutting_down") : toImagineError(error);
    totals.failed++;
    observer.finished(job.labels, "failed", failure.code);
    if (failure.code === "content_policy") job.reportModeration({ kind: "provider" });
    if (failure.code === "internal") job.log.error({ err: error }, "job failed unexpectedly");
    else job.log.info({ code: failure.code }, "job failed");
    await track(end(job, { type: "failed", error: failure, elapsedMs }));
  }

  /** The provider's call, timed for the upstream histogram, with what CometAPI billed for it. */
  async function generate(job: RunnableJob): Promise<{ images: readonly ImageData[]; usage?: TokenUsage }> {
    const startedAt = now();
    let usage: TokenUsage | undefined;
    try {
      const images = await options.provider.generate(job.request, {
        signal: job.abort.signal,
        log: job.log,
        onUsage: (billed) => (usage = billed),
        ...(job.inputAccess && { inputAccess: job.inputAccess }),
        onPartial: ({ index, image }) => {
          job.log.debug({ index }, "job preview");
          // Previews are not awaited, so a slow platform never slows the stream down.
          void job.emit({ type: "partial", index, image });
        },
      });
      observer.generated(job.labels, now() - startedAt, true);
      return { images, ...(usage && { usage }) };
    } catch (error) {
      // A job stopped on purpose says nothing about how long CometAPI takes.
      if (!job.stopReason) observer.generated(job.labels, now() - startedAt, false);
      throw error;
    }
  }

  async function run(job: RunnableJob, recorded = false): Promise<void> {
    if (job.abort.signal.aborted) return finish(job, job.abort.signal.reason);
    running.add(job);
    observer.started(job.labels, now() - job.submittedAt);
    if (!recorded) await mark(job.id, { status: "running" }, job.log);
    try {
      // Not awaited, like every progress event: the generation starts at once.
      void job.emit({ type: "started" });
      job.log.info("job started");
      const { images, usage } = await generate(job);
      const arrivedAt = now();
      totals.completed++;
      observer.finished(job.labels, "completed");
      const spend = spendOf(job.request.model, usage);
      // The real cost replaces the estimate held against the budgets before the next request.
      if (spend.costUsd !== undefined) {
        await job.admission
          .settle(spend.costUsd)
          .catch((error: unknown) => job.log.error({ err: error }, "recording the job's cost failed"));
      }
      job.log.info(
        {
          images: images.length,
          ms: arrivedAt - job.submittedAt,
          ...spend,
          ...(!("costUsd" in spend) && { unpriced: true }),
        },
        "job completed",
      );
      // The slot (and the memory it stands for) stays taken until the images are handed over:
      // a platform slower to take them than CometAPI is to make them holds the next jobs back.
      await track(end(job, { type: "completed", images, elapsedMs: arrivedAt - job.submittedAt }, spend));
      const deliveryMs = now() - arrivedAt;
      observer.delivered(job.labels, deliveryMs);
      job.log.debug({ ms: deliveryMs }, "job delivered");
    } catch (error) {
      await finish(job, error);
    } finally {
      running.delete(job);
      await release(job.admission, job.log);
      if (running.size === 0) for (const wake of idleWaiters.splice(0)) wake();
    }
  }

  return {
    run,
    finish,
    mark,
    giveBack,
    track,
    landed: async () => void (await Promise.allSettled([...deliveries])),
    whenIdle: () =>
      running.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    running,
    totals,
  };
}
