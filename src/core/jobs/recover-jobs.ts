import type { Logger } from "pino";
import type { Platform } from "../policy/actor.ts";
import type { JobRecord, JobStore } from "./job-record.ts";

/** Tells a job's person, where the job's messages are, that it will not finish. */
export type CloseInterrupted = (job: JobRecord) => Promise<void>;

export interface RecoverJobsOptions {
  readonly jobs: JobStore;
  /** Each running adapter's way of closing its platform's jobs. */
  readonly closers: Partial<Record<Platform, CloseInterrupted>>;
  readonly now: () => number;
  readonly log: Pick<Logger, "info" | "warn" | "error">;
}

/**
 * Marks every job a previous process left `queued` or `running` as `interrupted`, with what it
 * took from the counters given back (one transaction each, so a second start never gives it back
 * twice). Call it before any adapter takes requests, so no job of this process is among them.
 */
export async function interruptLeftJobs(jobs: JobStore, now: () => number): Promise<JobRecord[]> {
  const left = await jobs.unfinishedJobs();
  // Newest first, one after another: each job puts its person's cooldown back to their job before
  // it, so once their oldest is given back the cooldown is where it was before all of them.
  const interrupted: JobRecord[] = [];
  for (const job of [...left].reverse()) {
    if (await jobs.interruptJob(job.id, now(), "interrupted")) interrupted.unshift(job);
  }
  return interrupted;
}

/** Tells each interrupted job's person so, through their platform's adapter, all at once. */
export async function closeInterruptedJobs(
  interrupted: readonly JobRecord[],
  options: Pick<RecoverJobsOptions, "closers" | "log">,
): Promise<void> {
  const { closers, log } = options;
  const closing = interrupted.map(async (job) => {
    const close = closers[job.platform];
    if (!close) {
      log.warn(
        { jobId: job.id, platform: job.platform },
        "an interrupted job's platform is not configured; its message stays as it was",
      );
      return;
    }
    await close(job).catch((error: unknown) =>
      log.error({ err: error, jobId: job.id }, "could not tell the person their job was interrupted"),
    );
  });
  await Promise.all(closing);
  if (interrupted.length > 0) {
    log.info({ jobs: interrupted.length }, "closed the jobs a previous run left unfinished");
  }
}

/** Both steps at once, for a store no adapter is taking requests into. Resolves with how many. */
export async function recoverJobs(options: RecoverJobsOptions): Promise<number> {
  const interrupted = await interruptLeftJobs(options.jobs, options.now);
  await closeInterruptedJobs(interrupted, options);
  return interrupted.length;
}
