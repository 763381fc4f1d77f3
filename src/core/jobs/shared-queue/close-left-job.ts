import type { Logger } from "pino";
import { settleWithin } from "../../../kit/settle-within.ts";
import type { JobStore } from "../job-record.ts";
import { toldCode, untoldCode, type CloseInterrupted } from "../recover-jobs.ts";
import type { JobRecord } from "../job-record.ts";

/** Longest a person may be told about one job before the worker goes on (as recovery allows). */
const tellingTimeoutMs = 30_000;

export interface CloseLeftJobOptions {
  readonly jobs: Pick<JobStore, "interruptJob" | "claimUntoldJob" | "updateJob">;
  /** Its platform's adapter's way of telling its person; none: left for an instance that has one. */
  readonly close: CloseInterrupted | undefined;
  readonly now: () => number;
  readonly log: Pick<Logger, "info" | "warn" | "error">;
}

/**
 * Closes a job whose instance is gone (or that cannot be shown here) as a restart closes a dead
 * process's jobs, without making it again: marked `interrupted` with its claim given back, then
 * its person told with Retry, then recorded as told. Each step is one conditional write, so of
 * every instance (and every periodic recovery) that finds the job, one marks it and one tells.
 * A step another got to first ends it here; a telling that fails is left for recovery to retry
 * only when this one never claimed it.
 */
export async function closeLeftJob(job: JobRecord, options: CloseLeftJobOptions): Promise<void> {
  const { jobs, close, now, log } = options;
  if (!(await jobs.interruptJob(job.id, now(), untoldCode))) return;
  log.info({ jobId: job.id }, "a job's instance is gone; closing it without making it again");
  if (!close || !(await jobs.claimUntoldJob(job.id))) return;
  const told = close(job).then(
    () => log.info({ jobId: job.id }, "told the person their job was interrupted"),
    (error: unknown) =>
      log.error({ err: error, jobId: job.id }, "could not tell the person their job was interrupted"),
  );
  if ((await settleWithin(told, tellingTimeoutMs)) === "late") {
    log.warn({ jobId: job.id }, "telling a person their job was interrupted takes long; going on");
  }
  await jobs.updateJob(job.id, { errorCode: toldCode, updatedAt: now() });
}
