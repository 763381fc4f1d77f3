import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { actorKey, type Platform } from "../policy/actor.ts";
import { ImagineError, toImagineError } from "../errors/errors.ts";
import { findModel } from "../requests/models.ts";
import { ArrivalGate } from "./arrival-gate.ts";
import type { JobSink } from "./job-events.ts";
import { ignoreJobs, type JobLabels, type JobObserver } from "./job-observer.ts";
import type { Admission, Policy } from "../policy/policy.ts";
import type { ImageProvider } from "../provider/types.ts";
import { parseGenerationRequest, type GenerationRequest, type ImageSettings } from "../requests/request.ts";
import { settleWithin } from "../../kit/settle-within.ts";
import { createSafeSink } from "./safe-sink.ts";
import type { AcceptedJob, Imagine, JobNotes, SubmitInput, Submission } from "./submission.ts";
import type { JobRecord, JobStore } from "./job-record.ts";
import { createJobRunner, type Handle, type RunnableJob } from "./job-runner.ts";
import type { JobLine } from "./job-line.ts";
import { createLocalLine } from "./local-line.ts";
import { createSharedLine, type JobResumer } from "./shared-queue/create-shared-line.ts";
import type { SharedJobStore } from "./shared-queue/shared-job-store.ts";
import type { SharedQueue } from "./shared-queue/shared-queue.ts";
import { createJobActions } from "./job-actions.ts";
import { checkEditInputs } from "../requests/check-edit-inputs.ts";
import { StoreUnavailableError } from "../store/store-unavailable-error.ts";
import type { ModerationLog, ModerationRule } from "../moderation/moderation-entry.ts";
import type { Actor } from "../policy/actor.ts";
import type { PriceList } from "../money/prices.ts";
import type { BalanceSource } from "../money/balance.ts";
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
  /**
   * Redis mode: the queue every instance shares, from which this instance's worker runs up to
   * `concurrency` jobs, whoever accepted them. Without it, jobs wait in this process's fair queue.
   */
  readonly shared?: SharedMode;
}

/** What the core needs to run jobs through the queue every instance shares. */
export interface SharedMode {
  readonly queue: SharedQueue;
  /** The job rows' side of it (the shared store's). */
  readonly store: SharedJobStore;
  /**
   * The adapter of a platform on this instance, to show and close the jobs its worker takes
   * (built after the core: asked only once jobs arrive). A platform whose adapter cannot resume
   * another instance's job keeps its jobs in this process's queue.
   */
  readonly adapterOf: (platform: Platform) => JobResumer | undefined;
}

/** How long shutdown waits for final messages once the jobs are stopped. */
const deliveryGraceMs = 5000;

export function createImagine(options: ImagineOptions): Imagine {
  const now = options.now ?? Date.now;
  const observer = options.observer ?? ignoreJobs;
  const runner = createJobRunner({
    jobs: options.jobs,
    provider: options.provider,
    observer,
    ...(options.prices && { prices: options.prices }),
    now,
  });
  const { totals, mark, track, giveBack } = runner;
  /** Accepted jobs whose sink is being opened, each with the promise of its sink. */
  const openings = new Map<Handle, Promise<unknown>>();
  let closing = false;
  const refuse = (platform: Platform, error: ImagineError): Submission => {
    totals.refused++;
    observer.refused(platform, error.code);
    return { status: "refused", error };
  };

  /** Posts a refusal for moderation of `prompt` where `actor` is to `modlogChannelId`, if there is one. */
  function moderationReporter(
    actor: Actor,
    prompt: string,
    modlogChannelId: string | undefined,
  ): (rule: ModerationRule) => void {
    const { moderationLog } = options;
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

  const local = createLocalLine({
    runner,
    concurrency: options.concurrency,
    ...(options.memoryBytes !== undefined && { memoryBytes: options.memoryBytes }),
    settings: options.settings,
  });
  const { shared } = options;
  const line: JobLine = shared
    ? createSharedLine(
        {
          queue: shared.queue,
          store: shared.store,
          jobs: options.jobs,
          runner,
          policy: options.policy,
          adapterOf: shared.adapterOf,
          ...(options.moderationLog && { moderationLog: options.moderationLog }),
          previewsOf,
          cancel,
          closing: () => closing,
          log: options.log,
          now,
        },
        local,
      )
    : local;
  /** Jobs with an open sink not yet in line: a burst's acknowledgements go first. */
  const arriving = new ArrivalGate<RunnableJob>((jobs) => line.addAll(jobs));

  function cancel(job: RunnableJob): void {
    job.stopReason ??= "cancelled";
    // Tracked, so a shutdown right after waits for the cancelled job's last word.
    if (arriving.remove(job) || line.remove(job)) void track(runner.finish(job, undefined));
    else job.abort.abort(new ImagineError("cancelled"));
  }

  /** Queues a job whose sink is open (through the arrival gate); one stopped meanwhile ends instead. */
  function arrive(job: RunnableJob): void {
    if (job.stopReason) {
      void track(runner.finish(job, undefined));
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
    const modlogChannelId = options.policy.modlogChannel(actor, place);
    const reportModeration = moderationReporter(actor, request.prompt, modlogChannelId);
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

    const handle: Handle = { notes: new Set() };
    const heldEnds: Promise<unknown>[] = [];
    const spoiler = options.policy.spoiler(actor, place);
    const accepted: AcceptedJob = {
      jobId: id,
      request,
      previews: previewsOf(request),
      spoiler,
      note: (notes: JobNotes) => {
        const noted = mark(id, notes, log);
        handle.notes.add(noted);
        void noted.finally(() => handle.notes.delete(noted));
        return noted;
      },
      holdEnd: (landed) => void heldEnds.push(landed),
      cancel: () => {
        if (handle.job) cancel(handle.job);
        else if (handle.cancelWaiting) handle.cancelWaiting();
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
    const job: RunnableJob = {
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
      spoiler,
      ...(modlogChannelId && { modlogChannelId }),
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
    const waiting = [...arriving.drain(), ...line.drain()];
    for (const job of waiting) {
      job.stopReason ??= "shutting_down";
      void track(runner.finish(job, undefined));
    }
    // The shared queue's worker takes no more jobs; those waiting there stay for other instances.
    const lineClosed = line.close();
    await settleWithin(line.whenIdle(), graceMs);
    for (const job of runner.running) {
      job.stopReason ??= "shutting_down";
      job.abort.abort(new ImagineError("shutting_down"));
    }
    // Stopped jobs end as soon as their final messages land (a job keeps its slot until its result
    // is handed over): give those a bounded moment, a platform may be slow to take them.
    const landed = async () => {
      await Promise.allSettled([line.whenIdle(), lineClosed, ...stillOpening]);
      await runner.landed();
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
      running: line.runningCount,
      waiting: line.waitingCount + openings.size + arriving.size,
      totals: { ...totals },
    }),
  };
}
