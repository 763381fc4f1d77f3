import type { ImagineError } from "../errors/errors.ts";
import type { Actor } from "../policy/actor.ts";
import type { GenerationRequest, RawRequest } from "../requests/request.ts";
import type { JobSink } from "./job-events.ts";

/** A job the core has accepted, as its adapter learns of it. */
export interface AcceptedJob {
  readonly jobId: string;
  /** The request as the job will run it, the operator's defaults filled in. */
  readonly request: GenerationRequest;
  /** The `partial` previews the job asks for while it draws; 0 for a model that streams none. */
  readonly previews: number;
  /** Cancels the job whether waiting or running; it ends with a `cancelled` event. */
  cancel(): void;
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
   * `openSink` returns, and submit resolves once that sink is open. Rejects with what `openSink`
   * threw (the job given back first), or when the policy's store fails.
   */
  submit(input: SubmitInput): Promise<Submission>;
  /** Jobs running and waiting now, and how jobs have ended so far, for /metrics. */
  stats(): ImagineStats;
  /**
   * Stops taking work, tells waiting jobs the bot is restarting, lets running ones finish for up
   * to `graceMs`, then stops them, and waits (briefly) for their final messages to be delivered.
   */
  shutdown(graceMs: number): Promise<void>;
}
