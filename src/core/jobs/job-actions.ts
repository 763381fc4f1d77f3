import { ImagineError } from "../errors/errors.ts";
import type { Actor, Platform } from "../policy/actor.ts";
import type { Policy } from "../policy/policy.ts";
import { biggestSettings } from "../requests/biggest-settings.ts";
import { findModel } from "../requests/models.ts";
import type { ImageSettings, RawRequest } from "../requests/request.ts";
import { StoreUnavailableError } from "../store/store-unavailable-error.ts";
import type { JobRecord, JobStore } from "./job-record.ts";
import type { FollowInput, Imagine, SubmitInput, Submission } from "./submission.ts";

export interface JobActionsOptions {
  readonly jobs: JobStore;
  readonly policy: Pick<Policy, "mayModerate">;
  readonly settings: ImageSettings;
  /** The core's own submit: a follow-up job goes through every check a new one does. */
  readonly submit: (input: SubmitInput) => Promise<Submission>;
  /** The core's own refusal, counted like every other. */
  readonly refuse: (platform: Platform, error: ImagineError) => Submission;
  readonly retentionDays?: number;
  readonly now: () => number;
}

const isOwner = (job: JobRecord, actor: Actor) =>
  job.platform === actor.platform && job.userId === actor.userId;

/**
 * Runs a button's work on the store; a store that cannot be used now (Redis away, a full disk) is
 * the `store_unavailable` refusal, which asks the person to try again shortly.
 */
async function unlessStoreUnavailable<T>(work: () => Promise<T>): Promise<T | ImagineError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      return new ImagineError("store_unavailable", {}, { cause: error });
    throw error;
  }
}

/** The request a follow-up job asks for, from its parent's. */
function followRequest(parent: JobRecord, input: FollowInput): RawRequest {
  const { prompt, model, size, quality, count, edit } = parent.request;
  const base: RawRequest = { prompt, model, size, quality, count, edit };
  switch (input.action) {
    case "reroll":
    case "retry":
      return base;
    case "vary": {
      // A model that edits changes the result itself; another draws the new prompt afresh.
      const result = findModel(model)?.edits ? input.resultImage : undefined;
      return { ...base, prompt: input.prompt ?? prompt, edit: result && { image: result } };
    }
    case "bigger":
      return { ...base, ...biggestSettings(model) };
  }
}

/** What the buttons on a result do, and the history: everything read from the job records. */
export function createJobActions(
  options: JobActionsOptions,
): Pick<Imagine, "findJob" | "follow" | "deleteJob" | "history"> {
  const { jobs, now } = options;
  const tooOld = () =>
    new ImagineError("job_too_old", {
      ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
    });

  async function findJob(jobId: string): Promise<JobRecord | ImagineError> {
    const job = await unlessStoreUnavailable(() => jobs.findJob(jobId));
    if (job instanceof ImagineError) return job;
    return job && job.status !== "deleted" ? job : tooOld();
  }

  async function follow(input: FollowInput): Promise<Submission> {
    const { platform } = input.actor;
    const parent = await findJob(input.jobId);
    if (parent instanceof ImagineError) return options.refuse(platform, parent);
    if (input.action === "retry" && !isOwner(parent, input.actor)) {
      return options.refuse(platform, new ImagineError("not_your_job", { action: "retry" }));
    }
    const { action: _action, jobId: _jobId, prompt: _prompt, resultImage: _result, ...submission } = input;
    return options.submit({ ...submission, request: followRequest(parent, input), parentId: parent.id });
  }

  async function deleteJob(jobId: string, actor: Actor): Promise<JobRecord | ImagineError> {
    // A deleted job may be deleted again: its message may still be up when removing it failed.
    const job = await unlessStoreUnavailable(() => jobs.findJob(jobId));
    if (job instanceof ImagineError) return job;
    if (!job) return tooOld();
    if (!isOwner(job, actor) && !(await options.policy.mayModerate(actor))) {
      return new ImagineError("not_your_job", { action: "delete" });
    }
    const marked = await unlessStoreUnavailable(() =>
      jobs.updateJob(job.id, { status: "deleted", updatedAt: now() }),
    );
    return marked instanceof ImagineError ? marked : job;
  }

  return {
    findJob,
    follow,
    deleteJob,
    history: (actor, limit) => jobs.recentJobs(actor.platform, actor.userId, limit),
  };
}
