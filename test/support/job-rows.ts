import { expect, vi } from "vitest";
import type { JobEvent, JobSink } from "../../src/core/jobs/job-events.ts";
import { isTerminal } from "../../src/core/jobs/job-events.ts";
import type { JobRecord, JobStatus, JobStore } from "../../src/core/jobs/job-record.ts";
import type { Submission } from "../../src/core/jobs/submission.ts";
import { defaultTimeoutMs } from "./wait-until.ts";

/** The job's row once it has reached `status`; fails the test when it does not in time. */
export async function untilStatus(
  jobs: Pick<JobStore, "findJob">,
  id: string,
  status: JobStatus,
): Promise<JobRecord> {
  return vi.waitFor(
    async () => {
      const job = await jobs.findJob(id);
      expect(job?.status).toBe(status);
      return job!;
    },
    { timeout: defaultTimeoutMs, interval: 5 },
  );
}

/** The job id of an accepted submission; fails the test on a refusal. */
export function acceptedId(submission: Submission): string {
  if (submission.status !== "accepted") {
    throw new Error(`expected an accepted job, got ${submission.error.code}`);
  }
  return submission.jobId;
}

/** The error code of a refused submission; fails the test when it was accepted. */
export function refusalCode(submission: Submission): string {
  if (submission.status !== "refused") throw new Error("expected a refusal, the job was accepted");
  return submission.error.code;
}

/** A sink that records a job's events; `ended` resolves with the terminal one. */
export function recordingSink() {
  const events: JobEvent[] = [];
  let end!: (event: JobEvent) => void;
  const ended = new Promise<JobEvent>((resolve) => (end = resolve));
  const sink: JobSink = (event) => {
    events.push(event);
    if (isTerminal(event)) end(event);
  };
  return { events, ended, sink };
}
