import type { Platform } from "../policy/actor.ts";
import type { ErrorCode } from "../errors/errors.ts";

/** What a job is counted by: where it came from and which model made it. */
export interface JobLabels {
  readonly platform: Platform;
  readonly model: string;
}

/** How a job ended. */
export type JobOutcome = "completed" | "failed" | "cancelled";

/**
 * Told what happens to requests and jobs, for metrics. The core and the provider call it; the
 * composition root implements it (with prom-client), tests pass a plain object. Every method is
 * called synchronously and must not throw.
 */
export interface JobObserver {
  /** The person saw the bot's first answer (Discord's deferral, Slack's placeholder, a refusal). */
  acknowledged(platform: Platform, ms: number): void;
  /** A request was refused before it became a job. */
  refused(platform: Platform, code: ErrorCode): void;
  accepted(job: JobLabels): void;
  /** A job left the queue for a slot, after waiting `waitedMs` since it was accepted. */
  started(job: JobLabels, waitedMs: number): void;
  /** The provider call of a job ended, images or not, after `ms` (retries included). */
  generated(job: JobLabels, ms: number, succeeded: boolean): void;
  /** The adapter has handed a job's images over, `ms` after they arrived. */
  delivered(job: JobLabels, ms: number): void;
  /** A job ended; `code` says why when it failed. */
  finished(job: JobLabels, outcome: JobOutcome, code?: ErrorCode): void;
  /**
   * One attempt at CometAPI failed: `status` is the HTTP status it answered with, `network` when
   * no answer came (or it broke off), `stream` for an error event inside a streamed answer.
   */
  upstreamError(status: string): void;
}

/**
 * The part an adapter reports: how fast people get their first answer, and the requests it
 * refuses itself before the core sees them (Slack's unreadable flags).
 */
export type AdapterObserver = Pick<JobObserver, "acknowledged" | "refused">;

/** An observer that records nothing, for callers that do not measure. */
export const ignoreJobs: JobObserver = {
  acknowledged: () => undefined,
  refused: () => undefined,
  accepted: () => undefined,
  started: () => undefined,
  generated: () => undefined,
  delivered: () => undefined,
  finished: () => undefined,
  upstreamError: () => undefined,
};
