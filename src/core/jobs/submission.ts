import type { ImagineError } from "../errors/errors.ts";
import type { Actor } from "../policy/actor.ts";
import type { GenerationRequest, RawRequest } from "../requests/request.ts";
import type { JobSink } from "./job-events.ts";
import type { JobRecord, MessageRefs } from "./job-record.ts";
import type { InputImage, InputImageAccess } from "../requests/input-image.ts";
import type { UsageReport } from "../money/usage-report.ts";
import type { Administer } from "../settings/administer.ts";

/** What an adapter learns of a job's messages as it goes, for buttons, history and recovery. */
export interface JobNotes {
  /** Merged into the references already recorded. */
  readonly messageRefs?: MessageRefs;
  /** The posted images as the platform names them (URLs or file ids). */
  readonly imageRefs?: readonly string[];
}

/** A job the core has accepted, as its adapter learns of it. */
export interface AcceptedJob {
  readonly jobId: string;
  /** The request as the job will run it, the operator's defaults filled in. */
  readonly request: GenerationRequest;
  /** The `partial` previews the job asks for while it draws; 0 for a model that streams none. */
  readonly previews: number;
  /** Post the results as spoilers (hidden until clicked), where the platform has them. */
  readonly spoiler: boolean;
  /**
   * Cancels the job whether waiting or running; it ends with a `cancelled` event. In Redis mode a
   * job waiting in the queue every instance shares is taken out of it and cancelled here, but one
   * already running on another instance cannot be cancelled from this one: it runs to its end.
   */
  cancel(): void;
  /** Records where the job's messages and images are; never rejects (a failure is logged). */
  note(notes: JobNotes): Promise<void>;
  /**
   * The job's last word lands once `landed` settles, after the terminal event's promise (which
   * frees the job's slot): its end is recorded only then, so a crash in between leaves the job
   * for the next start to finish (see `PlatformAdapter.finishDelivered`).
   */
  holdEnd(landed: Promise<unknown>): void;
}

/**
 * Opens where an accepted job's events go. The core calls it once, after the policy accepted the
 * job and before any of its events, and keeps the job out of the queue until it has settled: an
 * adapter acknowledges the person here (Discord's deferral), so a burst of acknowledgements never
 * waits behind jobs starting. When it throws or rejects, the job is given back (quota refunded,
 * the person's place freed) without running, and `submit` rejects with that error.
 */
export type OpenSink = (job: AcceptedJob) => JobSink | Promise<JobSink>;

export interface SubmitInput {
  readonly request: RawRequest;
  readonly actor: Actor;
  /** Not called for a refusal. */
  readonly openSink: OpenSink;
  /** Where the job's messages will be, as far as the adapter knows before it answers. */
  readonly messageRefs?: MessageRefs;
  /** The job a button started this one from. */
  readonly parentId?: string;
  /** For an edit: the platform's file hosts and the headers a download needs. */
  readonly inputAccess?: InputImageAccess;
}

/** How many jobs a person's history lists. */
export const historyLength = 10;

/** What a button on a result asks for that makes a new image. */
export type FollowAction = "reroll" | "vary" | "bigger" | "retry";

/** A click on Reroll, Vary, Bigger or Retry: a new job, for the person who clicked. */
export interface FollowInput extends Omit<SubmitInput, "request" | "parentId"> {
  readonly action: FollowAction;
  /** The job whose button was clicked. */
  readonly jobId: string;
  /** Vary's new prompt. */
  readonly prompt?: string;
  /** Vary: the job's result image as its platform serves it now, for a model that edits. */
  readonly resultImage?: InputImage;
}

/** What submit decided. A refusal opens no sink and sends no events. */
export type Submission =
  | { readonly status: "refused"; readonly error: ImagineError }
  | ({ readonly status: "accepted" } & AcceptedJob);

/** How many jobs run and wait now, and how jobs have ended so far. */
export interface ImagineStats {
  readonly running: number;
  readonly waiting: number;
  readonly totals: Readonly<Record<"accepted" | "refused" | "completed" | "failed" | "cancelled", number>>;
}

/** The core: checks a request, admits it under the policy, queues it fairly and runs it. */
export interface Imagine {
  /**
   * Checks a request and admits it under the policy; an accepted job's events go to the sink
   * `openSink` returns, and submit resolves once that sink is open. A store that cannot take the
   * job is a refusal (`store_unavailable`); rejects only with what `openSink` threw (the job
   * given back first).
   */
  submit(input: SubmitInput): Promise<Submission>;
  /**
   * The job a button names; a refusal (`job_too_old`) when retention has dropped it. Rejects
   * when the store does.
   */
  findJob(jobId: string): Promise<JobRecord | ImagineError>;
  /**
   * Starts a new job from an earlier one for the person who clicked, under their own rules and
   * limits: the same request (Reroll, Retry), a new prompt (Vary), the model's largest size and
   * highest quality (Bigger). Retry is the requester's alone.
   */
  follow(input: FollowInput): Promise<Submission>;
  /**
   * Marks a job deleted when the person may (its requester, a moderator where they are, an
   * operator) and answers its record, so the adapter removes its messages; a refusal otherwise.
   */
  deleteJob(jobId: string, actor: Actor): Promise<JobRecord | ImagineError>;
  /** The person's latest jobs on their platform, newest first. */
  history(actor: Actor, limit: number): Promise<readonly JobRecord[]>;
  /** What the person made and spent today and this month; to admins, their place's and CometAPI's balance too. */
  usage(actor: Actor): Promise<UsageReport>;
  /**
   * Runs an admin's command on the settings of their guild or workspace (`show`, allow or deny a
   * channel or group, block a person, set or unset a value): what is now in force, or why nothing
   * changed. Rejects when the store does.
   */
  administer: Administer;
  /** Jobs running and waiting now, and how jobs have ended so far, for /metrics. */
  stats(): ImagineStats;
  /**
   * Stops taking work, tells waiting jobs the bot is restarting, lets running ones finish for up
   * to `graceMs`, then stops them, and waits (briefly) for their final messages to be delivered.
   */
  shutdown(graceMs: number): Promise<void>;
}
