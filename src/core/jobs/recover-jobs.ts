import type { Logger } from "pino";
import { settleWithin } from "../../kit/settle-within.ts";
import type { Platform } from "../policy/actor.ts";
import type { JobRecord, JobStore } from "./job-record.ts";

/** Tells a job's person, where the job's messages are, that it will not finish. */
export type CloseInterrupted = (job: JobRecord) => Promise<void>;

/** The error code of a job a restart interrupted whose person has not been told yet. */
export const untoldCode = "restarted";

/** The error code once they have been (or telling them was tried and failed for good). */
export const toldCode = "interrupted";

/** People told at once: a restart after a busy minute must not meet the platforms' rate limits. */
const tellingAtOnce = 4;

/** Longest a person may be told about one job before the next is tried. */
const tellingTimeoutMs = 30_000;

export interface RecoverJobsOptions {
  readonly jobs: JobStore;
  /** Each running adapter's way of closing its platform's jobs. */
  readonly closers: Partial<Record<Platform, CloseInterrupted>>;
  readonly now: () => number;
  readonly log: Pick<Logger, "info" | "warn" | "error">;
}

/**
 * Closes in the store every job a previous process left `queued` or `running`, before any adapter
 * takes requests (so no job of this process is among them). A job whose images were posted is
 * recorded `done`: only its last record was lost. Every other one is marked `interrupted`
 * (`restarted`, its person not told yet) with what it took from the counters given back, in one
 * transaction each, newest first: each puts its person's cooldown back to their job before it,
 * so once their oldest is given back the cooldown is where it was before all of them.
 */
export async function interruptLeftJobs(jobs: JobStore, now: () => number): Promise<void> {
  const left = await jobs.unfinishedJobs();
  for (const job of [...left].reverse()) {
    if (job.imageRefs.length > 0) await jobs.updateJob(job.id, { status: "done", updatedAt: now() });
    else await jobs.interruptJob(job.id, now(), untoldCode);
  }
}

/**
 * Tells the person of every job a restart interrupted, through their platform's adapter, a few at
 * a time, and records that it was tried. A start that dies before that leaves the rest for the
 * next start. Resolves with how many were told.
 */
export async function tellInterruptedJobs(options: RecoverJobsOptions): Promise<number> {
  const { jobs, closers, log } = options;
  const untold = [...(await jobs.untoldJobs())];
  let told = 0;
  const tellNext = async (): Promise<void> => {
    for (let job = untold.shift(); job; job = untold.shift()) {
      const close = closers[job.platform];
      if (close) {
        const { id } = job;
        const attempt = close(job).then(
          () => void told++,
          (error: unknown) =>
            log.error({ err: error, jobId: id }, "could not tell the person their job was interrupted"),
        );
        if ((await settleWithin(attempt, tellingTimeoutMs)) === "late") {
          log.warn({ jobId: id }, "telling the person their job was interrupted takes long; going on");
        }
      } else {
        log.warn(
          { jobId: job.id, platform: job.platform },
          "an interrupted job's platform is not configured; its message stays as it was",
        );
      }
      await jobs.updateJob(job.id, { errorCode: toldCode, updatedAt: options.now() });
    }
  };
  await Promise.all(Array.from({ length: tellingAtOnce }, tellNext));
  if (told > 0) log.info({ jobs: told }, "told people of the jobs a previous run left unfinished");
  return told;
}

/** Both steps at once, for a store no adapter is taking requests into. Resolves with how many were told. */
export async function recoverJobs(options: RecoverJobsOptions): Promise<number> {
  await interruptLeftJobs(options.jobs, options.now);
  return tellInterruptedJobs(options);
}
