import type { RunResult } from "./result.ts";
import { mean, summarize } from "./stats.ts";

/** What the fakes saw of one job, as times from `Date.now()`. */
export interface JobTrace {
  readonly sentAt: number;
  /** The deferral (Discord) or the envelope's ack (Slack); absent if it never came. */
  readonly ackAt?: number;
  /** When the fake CometAPI got the job's request; absent for the minimal bot and for jobs that never left the queue. */
  readonly upstreamAt?: number;
  /** When the final message (images or an error) reached the fake; absent if the job hung. */
  readonly finalAt?: number;
  readonly failed: boolean;
  readonly edits: number;
  /**
   * How long the platform's published limits held this job's delivery whatever the bot did
   * (Slack's uploads a minute; see computeLimitWaits); 0 when absent.
   */
  readonly limitWaitMs?: number;
}

type JobFigures = Pick<
  RunResult,
  | "ackMs"
  | "overheadMs"
  | "toUpstreamMs"
  | "beyondQueueMs"
  | "limitWaitMs"
  | "beyondLimitsMs"
  | "editsPerMessage"
  | "completed"
  | "failed"
  | "hung"
  | "wallMs"
  | "jobsPerSecond"
>;

/**
 * The per-job figures of a run. `upstreamMs` is what the fake CometAPI spends on each job (0 for a
 * bot that never calls it); `startedAt` and `endedAt` bound the run.
 */
export function summarizeJobs(
  jobs: readonly JobTrace[],
  upstreamMs: number,
  startedAt: number,
  endedAt: number,
): JobFigures {
  const finished = jobs.filter((job) => job.finalAt !== undefined);
  const completed = finished.filter((job) => !job.failed).length;
  const lastFinal = Math.max(startedAt, ...finished.map((job) => job.finalAt!));
  const wallMs = (finished.length === jobs.length ? lastFinal : endedAt) - startedAt;
  const edits = jobs.map((job) => job.edits);
  const beyondQueue = (job: JobTrace) => job.finalAt! - (job.upstreamAt ?? job.sentAt) - upstreamMs;
  return {
    ackMs: summarize(jobs.flatMap((job) => (job.ackAt === undefined ? [] : [job.ackAt - job.sentAt]))),
    overheadMs: summarize(finished.map((job) => job.finalAt! - job.sentAt - upstreamMs)),
    toUpstreamMs: summarize(
      jobs.flatMap((job) => (job.upstreamAt === undefined ? [] : [job.upstreamAt - job.sentAt])),
    ),
    beyondQueueMs: summarize(finished.map(beyondQueue)),
    limitWaitMs: summarize(finished.map((job) => job.limitWaitMs ?? 0)),
    beyondLimitsMs: summarize(finished.map((job) => beyondQueue(job) - (job.limitWaitMs ?? 0))),
    editsPerMessage: { mean: mean(edits), max: Math.max(0, ...edits) },
    completed,
    failed: finished.length - completed,
    hung: jobs.length - finished.length,
    wallMs,
    jobsPerSecond: wallMs > 0 ? completed / (wallMs / 1000) : Number.NaN,
  };
}
