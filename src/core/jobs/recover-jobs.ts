import type { Logger } from "pino";
import { settleWithin } from "../../kit/settle-within.ts";
import type { Platform } from "../policy/actor.ts";
import type { JobChange, JobRecord, JobStore } from "./job-record.ts";

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
  /** Each running adapter's way of finishing a job whose images were posted, where it has one. */
  readonly finishers?: Partial<Record<Platform, CloseInterrupted>>;
  readonly now: () => number;
  readonly log: Pick<Logger, "info" | "warn" | "error">;
}

/**
 * Closes in the store every job a process that is gone left `queued` or `running`: at start
 * before any adapter takes requests, and with a shared store periodically too (another instance
 * may die at any time; see JobStore for whose jobs count as gone). Each is marked `interrupted`
 * (`restarted`, its person not told yet) with what it took from the counters given back, in one
 * conditional transaction each (an instance that got there first wins), newest first: each puts
 * its person's cooldown back to their job before it, so once their oldest is given back the
 * cooldown is where it was before all of them. A job whose images were posted is adopted and
 * answered instead: only its last word (or its record) was lost, and `tellInterruptedJobs`
 * finishes it.
 */
export async function interruptLeftJobs(jobs: JobStore, now: () => number): Promise<JobRecord[]> {
  const left = await jobs.unfinishedJobs();
  const delivered: JobRecord[] = [];
  for (const job of [...left].reverse()) {
    if (job.imageRefs.length === 0) await jobs.interruptJob(job.id, now(), untoldCode);
    else if (await jobs.adoptJob(job.id)) delivered.unshift(job);
  }
  return delivered;
}

/** One job a restart left for the adapters: to tell of its interruption, or to finish. */
interface LeftJob {
  readonly job: JobRecord;
  /** Makes it this process's to tell, once across every process on the store; none: it is already. */
  readonly claim?: () => Promise<boolean>;
  readonly close: CloseInterrupted | undefined;
  /** Recorded once the adapter was asked, whether or not it managed. */
  readonly change: Omit<JobChange, "updatedAt">;
  readonly what: string;
}

/**
 * Tells the person of every job a restart interrupted, through their platform's adapter, and
 * finishes the `delivered` jobs (`interruptLeftJobs`) whose images were posted but whose last word
 * may not have been: a few at a time, each bounded, each recorded once tried (told, or done). Each
 * interrupted job is claimed first (`JobStore.claimUntoldJob`), so of several processes on one
 * store only one edits its message. A start that dies before that leaves the rest for the next
 * start (or, on a shared store, for another instance). Resolves with how many people were told of
 * an interruption.
 */
export async function tellInterruptedJobs(
  options: RecoverJobsOptions,
  delivered: readonly JobRecord[] = [],
): Promise<number> {
  const { jobs, closers, log } = options;
  const work: LeftJob[] = [
    ...(await jobs.untoldJobs()).map((job) => ({
      job,
      claim: () => jobs.claimUntoldJob(job.id),
      close: closers[job.platform],
      change: { errorCode: toldCode },
      what: "tell the person their job was interrupted",
    })),
    ...delivered.map((job) => ({
      job,
      close: options.finishers?.[job.platform],
      change: { status: "done" as const },
      what: "finish the last word of a job whose images were posted",
    })),
  ];
  let told = 0;
  const tellNext = async (): Promise<void> => {
    for (let left = work.shift(); left; left = work.shift()) {
      const { job, close, what } = left;
      if (left.claim && !(await left.claim())) continue;
      if (close) {
        const attempt = close(job).then(
          () => void (left.change.errorCode === toldCode && told++),
          (error: unknown) => log.error({ err: error, jobId: job.id }, `could not ${what}`),
        );
        if ((await settleWithin(attempt, tellingTimeoutMs)) === "late") {
          log.warn({ jobId: job.id }, `trying to ${what} takes long; going on`);
        }
      } else if (left.change.errorCode === toldCode) {
        log.warn(
          { jobId: job.id, platform: job.platform },
          "an interrupted job's platform is not configured; its message stays as it was",
        );
      }
      await jobs.updateJob(job.id, { ...left.change, updatedAt: options.now() });
    }
  };
  await Promise.all(Array.from({ length: tellingAtOnce }, tellNext));
  if (told > 0) log.info({ jobs: told }, "told people of the jobs a previous run left unfinished");
  return told;
}

/** Both steps at once, for a store no adapter is taking requests into. Resolves with how many were told. */
export async function recoverJobs(options: RecoverJobsOptions): Promise<number> {
  const delivered = await interruptLeftJobs(options.jobs, options.now);
  return tellInterruptedJobs(options, delivered);
}
