import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { actorKey, type Platform } from "../policy/actor.ts";
import { ImagineError, toImagineError } from "../errors/errors.ts";
import { findModel } from "../requests/models.ts";
import { ArrivalGate } from "./arrival-gate.ts";
import { FairQueue } from "./fair-queue.ts";
import { estimateJobBytes } from "./job-memory.ts";
import type { JobEvent, JobSink, TerminalJobEvent } from "./job-events.ts";
import { ignoreJobs, type JobLabels, type JobObserver } from "./job-observer.ts";
import type { Admission, Policy } from "../policy/policy.ts";
import type { ImageData, ImageProvider } from "../provider/types.ts";
import { parseGenerationRequest, type GenerationRequest, type ImageSettings } from "../requests/request.ts";
import { settleWithin } from "../../kit/settle-within.ts";
import { createSafeSink } from "./safe-sink.ts";
import type { AcceptedJob, Imagine, JobNotes, SubmitInput, Submission } from "./submission.ts";
import type { JobChange, JobRecord, JobStore } from "./job-record.ts";
import { createJobActions } from "./job-actions.ts";
import { checkEditInputs } from "../requests/check-edit-inputs.ts";
import type { InputImageAccess } from "../requests/input-image.ts";
import { StoreUnavailableError } from "../store/store-unavailable-error.ts";
import type { ModerationLog, ModerationRule } from "../moderation/moderation-entry.ts";
import type { Actor } from "../policy/actor.ts";
import { costOf, type PriceList } from "../money/prices.ts";
import type { BalanceSource } from "../money/balance.ts";
import type { TokenUsage } from "../provider/types.ts";
import type { PlaceSettings } from "../settings/resolve-place.ts";
import { imageSettingsAt } from "../settings/image-settings-at.ts";
import type { SettingsStore } from "../settings/settings-store.ts";
import { createAdministration, type SettingsLog } from "../settings/administer.ts";

export interface ImagineOptions {
  readonly settings: ImageSettings;
  readonly concurrency: number;
  /** Memory running jobs may hold together, by `estimateJobBytes`; jobs past it wait their turn. */
  readonly memoryBytes?: number;
  readonly provider: ImageProvider;
  /** Partial previews the provider asks of models that stream them; told to each job's sink. 0 by default. */
  readonly partialImages?: number;
  readonly policy: Policy;
  /** Where every job is recorded as it moves, and the settings admins make in chat (the Store). */
  readonly jobs: JobStore & SettingsStore;
  /** How long job records are kept, for the sentence a button on a dropped one gets. */
  readonly retentionDays?: number;
  /** Lets an edit's input be plain http on loopback: only for tests against local fakes. */
  readonly allowLoopbackInputs?: boolean;
  readonly log: Logger;
  /** Told of refusals, acceptances, starts and ends, for metrics. Records nothing by default. */
  readonly observer?: JobObserver;
  /** Where refusals for moderation go, for the mod-log channel of where they happened. */
  readonly moderationLog?: ModerationLog;
  /** Where changes of settings made in chat go, for the mod-log channel of where they were made. */
  readonly settingsLog?: SettingsLog;
  /** Prices by model, to record what each job cost; without them jobs are recorded unpriced. */
  readonly prices?: PriceList;
  /** CometAPI's balance as last read, for the operators' usage view. */
  readonly balance?: BalanceSource;
  readonly now?: () => number;
}

type StopReason = "cancelled" | "shutting_down";

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

/** What an accepted job's `cancel` reaches: the job once its sink is open, else the stop it waits to act on. */
interface Handle {
  job?: Job;
  stopReason?: StopReason;
}

interface Job {
  readonly id: string;
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
  readonly submittedAt: number;
  /** Why the job is being stopped, when it is. */
  stopReason?: StopReason;
}

/** How long shutdown waits for final messages once the jobs are stopped. */
const deliveryGraceMs = 5000;

export function createImagine(options: ImagineOptions): Imagine {
  const now = options.now ?? Date.now;
  const observer = options.observer ?? ignoreJobs;
  const deliveries = new Set<Promise<void>>();
  const running = new Set<Job>();
  /** Accepted jobs whose sink is being opened, each with the promise of its sink. */
  const openings = new Map<Handle, Promise<unknown>>();
  let closing = false;
  const totals = { accepted: 0, refused: 0, completed: 0, failed: 0, cancelled: 0 };
  const refuse = (platform: Platform, error: ImagineError): Submission => {
    totals.refused++;
    observer.refused(platform, error.code);
    return { status: "refused", error };
  };
  /** Records a job's move; a store that fails is logged, the job goes on. */
  async function mark(id: string, change: Omit<JobChange, "updatedAt">, log: Logger): Promise<void> {
    await options.jobs
      .updateJob(id, { ...change, updatedAt: now() })
      .catch((error: unknown) => log.error({ err: error, change }, "recording the job's move failed"));
  }
  /**
   * Tells the job's person of its end, then records it: a crash in between leaves it to recovery.
   * A last word the adapter said lands later (`holdEnd`) is waited for before the record, but not
   * by the job's slot.
   */
  async function end(
    job: Job,
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

  /** Posts a refusal for moderation of `prompt` where `actor` is to its mod-log, if it has one. */
  function moderationReporter(
    actor: Actor,
    prompt: string,
    place: PlaceSettings,
  ): (rule: ModerationRule) => void {
    const { moderationLog } = options;
    const modlogChannelId = options.policy.modlogChannel(actor, place);
    if (!modlogChannelId || !moderationLog) return () => undefined;
    // Only these few words are kept with the job, not the actor and what it reaches.
    const { platform, workspaceId, channelId, userId } = actor;
    return (rule) =>
      moderationLog({
        platform,
        modlogChannelId,
        ...(workspaceId && { workspaceId }),
        channelId,
        userId,
        prompt,
        rule,
      });
  }
  const previewsOf = (request: GenerationRequest) =>
    findModel(request.model)?.streamsPartials ? (options.partialImages ?? 0) : 0;

  const queue = new FairQueue<Job>({
    concurrency: options.concurrency,
    ...(options.memoryBytes !== undefined && {
      weight: (job: Job) => estimateJobBytes(job.request, options.settings.maxInputImageBytes),
      capacity: options.memoryBytes,
    }),
    start: run,
    onPosition: (job, position) => {
      job.log.debug({ position }, "job queued");
      // Progress is never awaited: the safe sink logs its failures, and the queue must not wait.
      void job.emit({ type: "queued", position });
    },
  });
  /** Jobs with an open sink not yet in the queue: a burst's acknowledgements go first. */
  const arriving = new ArrivalGate<Job>((jobs) => queue.addAll(jobs));

  function track(delivery: Promise<void>): Promise<void> {
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
    return delivery;
  }

  /** Frees the job's place among its person's jobs; a store that fails is logged, not thrown. */
  async function release(admission: Admission, log: Logger): Promise<void> {
    await admission
      .release()
      .catch((error: unknown) => log.error({ err: error }, "freeing the job's place failed"));
  }

  /** Gives back what the job took: its quota, then its place. */
  async function giveBack(admission: Admission, log: Logger): Promise<void> {
    await admission.refund().catch((error: unknown) => log.error({ err: error }, "refund failed"));
    await release(admission, log);
  }

  async function finish(job: Job, error: unknown): Promise<void> {
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
  async function generate(job: Job): Promise<{ images: readonly ImageData[]; usage?: TokenUsage }> {
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

  async function run(job: Job): Promise<void> {
    if (job.abort.signal.aborted) return finish(job, job.abort.signal.reason);
    running.add(job);
    observer.started(job.labels, now() - job.submittedAt);
    await mark(job.id, { status: "running" }, job.log);
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
    }
  }

  function cancel(job: Job): void {
    job.stopReason ??= "cancelled";
    // Tracked, so a shutdown right after waits for the cancelled job's last word.
    if (arriving.remove(job) || queue.remove(job.id)) void track(finish(job, undefined));
    else job.abort.abort(new ImagineError("cancelled"));
  }

  /** Queues a job whose sink is open (through the arrival gate); one stopped meanwhile ends instead. */
  function arrive(job: Job): void {
    if (job.stopReason) {
      void track(finish(job, undefined));
      return;
    }
    arriving.arrive(job);
  }

  /** The refusal for a fault while deciding; the store has logged its own once, anything else is news. */
  function faultWhileDeciding(error: unknown, log: Logger): ImagineError {
    if (error instanceof StoreUnavailableError) {
      log.warn("the store could not take the job");
      return new ImagineError("store_unavailable", {}, { cause: error });
    }
    log.error({ err: error }, "deciding on the job failed");
    return new ImagineError("internal", {}, { cause: error });
  }

  async function submit(input: SubmitInput): Promise<Submission> {
    arriving.decidingStarted();
    try {
      return await decideAndOpen(input);
    } finally {
      arriving.decidingEnded();
    }
  }

  async function decideAndOpen(input: SubmitInput): Promise<Submission> {
    const { request: raw, actor, openSink } = input;
    if (closing) return refuse(actor.platform, new ImagineError("shutting_down"));
    let place: PlaceSettings;
    try {
      place = await options.policy.placeOf(actor);
    } catch (error) {
      return refuse(
        actor.platform,
        faultWhileDeciding(error, options.log.child({ platform: actor.platform })),
      );
    }
    let request: GenerationRequest;
    try {
      request = parseGenerationRequest(raw, imageSettingsAt(options.settings, place));
    } catch (error) {
      return refuse(actor.platform, toImagineError(error));
    }
    const editProblem =
      request.edit &&
      checkEditInputs(request.edit, request.model, {
        settings: options.settings,
        access: input.inputAccess,
        allowLoopback: options.allowLoopbackInputs ?? false,
      });
    if (editProblem) return refuse(actor.platform, editProblem);
    const reportModeration = moderationReporter(actor, request.prompt, place);
    const id = randomUUID();
    const log = options.log.child({ jobId: id, platform: actor.platform, userId: actor.userId });
    const submittedAt = now();
    const record: JobRecord = {
      id,
      platform: actor.platform,
      ...(actor.workspaceId && { workspaceId: actor.workspaceId }),
      channelId: actor.channelId,
      userId: actor.userId,
      request,
      ...(input.parentId && { parentId: input.parentId }),
      status: "queued",
      createdAt: submittedAt,
      updatedAt: submittedAt,
      messageRefs: input.messageRefs ?? {},
      imageRefs: [],
    };
    // The policy checks and takes every limit (the person's jobs held among them) and writes the
    // job's row in one step of the store: an accepted job is on disk before anyone is told.
    let decision: Admission | ImagineError;
    try {
      decision = await options.policy.admit(actor, request, record, place);
    } catch (error) {
      return refuse(actor.platform, faultWhileDeciding(error, log));
    }
    if (decision instanceof ImagineError) {
      // Only people allowed here reach the blocked terms: a stranger cannot write to the mod-log.
      if (decision.code === "blocked_prompt") {
        reportModeration({ kind: "blocked_term", term: decision.context.blockedTerm ?? "" });
      }
      return refuse(actor.platform, decision);
    }
    // Shutdown may have begun while the policy was deciding.
    if (closing) {
      await giveBack(decision, log);
      await mark(id, { status: "interrupted", errorCode: "shutting_down" }, log);
      return refuse(actor.platform, new ImagineError("shutting_down"));
    }

    const labels: JobLabels = { platform: actor.platform, model: request.model };
    totals.accepted++;
    observer.accepted(labels);

    const handle: Handle = {};
    const heldEnds: Promise<unknown>[] = [];
    const accepted: AcceptedJob = {
      jobId: id,
      request,
      previews: previewsOf(request),
      spoiler: options.policy.spoiler(actor, place),
      note: (notes: JobNotes) => mark(id, notes, log),
      holdEnd: (landed) => void heldEnds.push(landed),
      cancel: () => {
        if (handle.job) cancel(handle.job);
        else handle.stopReason ??= "cancelled";
      },
    };
    // An adapter's sink that throws as it opens is handled like one that rejects.
    const opened = (async () => openSink(accepted))();
    openings.set(handle, opened);
    // Logged once the adapter has sent its acknowledgement on its way: a burst's acks come first.
    log.info({ model: request.model, size: request.size, count: request.count }, "job accepted");
    let sink: JobSink;
    try {
      sink = await opened;
    } catch (error) {
      log.error({ err: error }, "the job's sink could not be opened; the job is given back");
      await giveBack(decision, log);
      await mark(id, { status: "failed", errorCode: "cancelled" }, log);
      totals.cancelled++;
      observer.finished(labels, "cancelled");
      throw error;
    } finally {
      openings.delete(handle);
    }
    const job: Job = {
      id,
      ownerKey: actorKey(actor),
      labels,
      request,
      admission: decision,
      ...(input.inputAccess && { inputAccess: input.inputAccess }),
      heldEnds,
      handle,
      reportModeration,
      emit: createSafeSink(sink, log),
      log,
      abort: new AbortController(),
      submittedAt,
      ...(handle.stopReason && { stopReason: handle.stopReason }),
    };
    handle.job = job;
    arrive(job);
    return { status: "accepted", ...accepted };
  }

  async function shutdown(graceMs: number): Promise<void> {
    closing = true;
    // A job whose sink is still opening is told once it is open.
    // A job already cancelled stays cancelled.
    for (const handle of openings.keys()) handle.stopReason ??= "shutting_down";
    const stillOpening = [...openings.values()];
    const waiting = [...arriving.drain(), ...queue.drain()];
    for (const job of waiting) {
      job.stopReason ??= "shutting_down";
      void track(finish(job, undefined));
    }
    await settleWithin(queue.whenIdle(), graceMs);
    for (const job of running) {
      job.stopReason ??= "shutting_down";
      job.abort.abort(new ImagineError("shutting_down"));
    }
    // Stopped jobs end as soon as their final messages land (a job keeps its slot until its result
    // is handed over): give those a bounded moment, a platform may be slow to take them.
    const landed = async () => {
      await Promise.allSettled([queue.whenIdle(), ...stillOpening]);
      await Promise.allSettled([...deliveries]);
    };
    await settleWithin(landed(), deliveryGraceMs);
  }

  return {
    submit,
    ...createJobActions({
      jobs: options.jobs,
      policy: options.policy,
      settings: options.settings,
      submit,
      refuse,
      now,
      ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
    }),
    shutdown,
    administer: createAdministration({
      policy: options.policy,
      store: options.jobs,
      now,
      ...(options.settingsLog && { settingsLog: options.settingsLog }),
    }),
    async usage(actor) {
      const report = await options.policy.usage(actor);
      const balance = report.operator ? options.balance?.latest() : undefined;
      return { ...report, ...(balance && { balance }) };
    },
    stats: () => ({
      running: queue.runningCount,
      waiting: queue.waitingCount + openings.size + arriving.size,
      totals: { ...totals },
    }),
  };
}
