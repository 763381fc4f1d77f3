import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { actorKey, type Actor } from "../policy/actor.ts";
import { ImagineError, toImagineError } from "../errors/errors.ts";
import { FairQueue } from "./fair-queue.ts";
import { estimateJobBytes } from "./job-memory.ts";
import type { JobEvent, JobSink } from "./job-events.ts";
import { ignoreJobs, type JobLabels, type JobObserver } from "./job-observer.ts";
import type { Admission, Policy } from "../policy/policy.ts";
import type { ImageData, ImageProvider } from "../provider/types.ts";
import {
  parseGenerationRequest,
  type GenerationRequest,
  type ImageSettings,
  type RawRequest,
} from "../requests/request.ts";
import { createSafeSink } from "./safe-sink.ts";

export interface ImagineOptions {
  readonly settings: ImageSettings;
  readonly concurrency: number;
  /** Memory running jobs may hold together, by `estimateJobBytes`; jobs past it wait their turn. */
  readonly memoryBytes?: number;
  readonly provider: ImageProvider;
  readonly policy: Policy;
  readonly log: Logger;
  /** Told of refusals, acceptances, starts and ends, for metrics. Records nothing by default. */
  readonly observer?: JobObserver;
  readonly now?: () => number;
}

export interface SubmitInput {
  readonly request: RawRequest;
  readonly actor: Actor;
  readonly sink: JobSink;
}

/** What submit decided. A refusal sends no events; an accepted job sends them to its sink. */
export type Submission =
  | { readonly status: "refused"; readonly error: ImagineError }
  | {
      readonly status: "accepted";
      readonly jobId: string;
      readonly request: GenerationRequest;
      /** Cancels the job whether waiting or running; it ends with a `cancelled` event. */
      cancel(): void;
      /**
       * Holds the job out of the queue until the person's acknowledgement (Discord's deferral)
       * has settled, so a burst of acknowledgements never waits behind jobs starting. Without
       * it, the job joins the queue on the next turn of the event loop.
       */
      startAfter(acknowledged: Promise<unknown>): void;
    };

interface Job {
  readonly id: string;
  readonly ownerKey: string;
  readonly labels: JobLabels;
  readonly request: GenerationRequest;
  readonly admission: Admission;
  readonly emit: (event: JobEvent) => Promise<void>;
  readonly log: Logger;
  readonly abort: AbortController;
  readonly submittedAt: number;
  /** Why the job is being stopped, when it is. */
  stopReason?: "cancelled" | "shutting_down";
}

export interface ImagineStats {
  readonly running: number;
  readonly waiting: number;
  readonly totals: Readonly<Record<"accepted" | "refused" | "completed" | "failed" | "cancelled", number>>;
}

/** The core: checks a request, admits it under the policy, queues it fairly and runs it. */
export interface Imagine {
  submit(input: SubmitInput): Promise<Submission>;
  /** Jobs running and waiting now, and how jobs have ended so far, for /metrics. */
  stats(): ImagineStats;
  /**
   * Stops taking work, tells waiting jobs the bot is restarting, lets running ones finish for up
   * to `graceMs`, then stops them, and waits (briefly) for their final messages to be delivered.
   */
  shutdown(graceMs: number): Promise<void>;
}

/** How long shutdown waits for final messages once the jobs are stopped. */
const deliveryGraceMs = 5000;

export function createImagine(options: ImagineOptions): Imagine {
  const now = options.now ?? Date.now;
  const observer = options.observer ?? ignoreJobs;
  const deliveries = new Set<Promise<void>>();
  const running = new Set<Job>();
  /** Accepted jobs not yet in the queue (they join it on the next turn of the event loop). */
  const arriving = new Set<Job>();
  let closing = false;
  const totals = { accepted: 0, refused: 0, completed: 0, failed: 0, cancelled: 0 };
  const refuse = (error: ImagineError): Submission => {
    totals.refused++;
    return { status: "refused", error };
  };

  const queue = new FairQueue<Job>({
    concurrency: options.concurrency,
    ...(options.memoryBytes !== undefined && {
      weight: (job: Job) => estimateJobBytes(job.request),
      capacity: options.memoryBytes,
    }),
    start: run,
    onPosition: (job, position) => {
      job.log.debug({ position }, "job queued");
      void job.emit({ type: "queued", position });
    },
  });

  function track(delivery: Promise<void>): Promise<void> {
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
    return delivery;
  }

  /** Frees the job's place among its person's jobs; a store that fails is logged, not thrown. */
  async function release(job: Job): Promise<void> {
    await job.admission
      .release()
      .catch((error: unknown) => job.log.error({ err: error }, "freeing the job's place failed"));
  }

  async function finish(job: Job, error: unknown): Promise<void> {
    await job.admission
      .refund()
      .catch((refundError: unknown) => job.log.error({ err: refundError }, "refund failed"));
    await release(job);
    const elapsedMs = now() - job.submittedAt;
    if (job.stopReason === "cancelled") {
      totals.cancelled++;
      observer.finished(job.labels, "cancelled");
      job.log.info("job cancelled");
      await track(job.emit({ type: "cancelled" }));
      return;
    }
    const failure =
      job.stopReason === "shutting_down" ? new ImagineError("shutting_down") : toImagineError(error);
    totals.failed++;
    observer.finished(job.labels, "failed", failure.code);
    if (failure.code === "internal") job.log.error({ err: error }, "job failed unexpectedly");
    else job.log.info({ code: failure.code }, "job failed");
    await track(job.emit({ type: "failed", error: failure, elapsedMs }));
  }

  /** The provider's call, timed for the upstream histogram. */
  async function generate(job: Job): Promise<readonly ImageData[]> {
    const startedAt = now();
    try {
      const images = await options.provider.generate(job.request, {
        signal: job.abort.signal,
        log: job.log,
        onPartial: ({ index, image }) => {
          job.log.debug({ index }, "job preview");
          void job.emit({ type: "partial", index, image });
        },
      });
      observer.generated(job.labels, now() - startedAt, true);
      return images;
    } catch (error) {
      // A job stopped on purpose says nothing about how long CometAPI takes.
      if (!job.stopReason) observer.generated(job.labels, now() - startedAt, false);
      throw error;
    }
  }

  async function run(job: Job): Promise<void> {
    if (job.abort.signal.aborted) return finish(job, job.abort.signal.reason);
    running.add(job);
    observer.started(job.labels, now() - job.submittedAt);
    try {
      void job.emit({ type: "started" });
      job.log.info("job started");
      const images = await generate(job);
      const arrivedAt = now();
      totals.completed++;
      observer.finished(job.labels, "completed");
      job.log.info({ images: images.length, ms: arrivedAt - job.submittedAt }, "job completed");
      // The slot (and the memory it stands for) stays taken until the images are handed over:
      // a platform slower to take them than CometAPI is to make them holds the next jobs back.
      await track(job.emit({ type: "completed", images, elapsedMs: arrivedAt - job.submittedAt }));
      const deliveryMs = now() - arrivedAt;
      observer.delivered(job.labels, deliveryMs);
      job.log.debug({ ms: deliveryMs }, "job delivered");
    } catch (error) {
      await finish(job, error);
    } finally {
      running.delete(job);
      await release(job);
    }
  }

  async function submit({ request: raw, actor, sink }: SubmitInput): Promise<Submission> {
    if (closing) return refuse(new ImagineError("shutting_down"));
    let request: GenerationRequest;
    try {
      request = parseGenerationRequest(raw, options.settings);
    } catch (error) {
      return refuse(toImagineError(error));
    }
    // The policy checks and takes every limit (the person's jobs held among them) in one step.
    const decision = await options.policy.admit(actor, request);
    if (decision instanceof ImagineError) return refuse(decision);
    // Shutdown may have begun while the policy was deciding.
    if (closing) {
      await decision.refund();
      await decision.release();
      return refuse(new ImagineError("shutting_down"));
    }

    const id = randomUUID();
    const log = options.log.child({ jobId: id, platform: actor.platform, userId: actor.userId });
    const job: Job = {
      id,
      ownerKey: actorKey(actor),
      labels: { platform: actor.platform, model: request.model },
      request,
      admission: decision,
      emit: createSafeSink(sink, log),
      log,
      abort: new AbortController(),
      submittedAt: now(),
    };
    totals.accepted++;
    log.info({ model: request.model, size: request.size, count: request.count }, "job accepted");
    // Queue on the next turn of the event loop (or once the adapter's acknowledgement has
    // settled): the person is acknowledged first, and a burst is acknowledged before any starts.
    arriving.add(job);
    const enqueue = () => {
      if (arriving.delete(job)) queue.add(job);
    };
    let held = false;
    setImmediate(() => {
      if (!held) enqueue();
    });
    return {
      status: "accepted",
      jobId: id,
      request,
      cancel() {
        job.stopReason ??= "cancelled";
        if (arriving.delete(job) || queue.remove(job.id)) void finish(job, undefined);
        else job.abort.abort(new ImagineError("cancelled"));
      },
      startAfter(acknowledged) {
        held = true;
        void acknowledged.then(enqueue, enqueue);
      },
    };
  }

  /** Counts every answer of submit, whichever of its steps gave it. */
  async function observedSubmit(input: SubmitInput): Promise<Submission> {
    const submission = await submit(input);
    if (submission.status === "refused") observer.refused(input.actor.platform, submission.error.code);
    else observer.accepted({ platform: input.actor.platform, model: submission.request.model });
    return submission;
  }

  async function shutdown(graceMs: number): Promise<void> {
    closing = true;
    const waiting = [...arriving, ...queue.drain()];
    arriving.clear();
    for (const job of waiting) {
      job.stopReason = "shutting_down";
      void finish(job, undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([queue.whenIdle(), graceOver]);
    for (const job of running) {
      job.stopReason = "shutting_down";
      job.abort.abort(new ImagineError("shutting_down"));
    }
    clearTimeout(timer);
    // Stopped jobs end as soon as their final messages land (a job keeps its slot until its result
    // is handed over): give those a bounded moment, a platform may be slow to take them.
    const deliveryGrace = new Promise<void>((resolve) => (timer = setTimeout(resolve, deliveryGraceMs)));
    await Promise.race([Promise.allSettled([queue.whenIdle(), ...deliveries]), deliveryGrace]);
    clearTimeout(timer);
  }

  return {
    submit: observedSubmit,
    shutdown,
    stats: () => ({
      running: queue.runningCount,
      waiting: queue.waitingCount + arriving.size,
      totals: { ...totals },
    }),
  };
}
