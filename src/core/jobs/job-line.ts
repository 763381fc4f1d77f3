import type { RunnableJob } from "./job-runner.ts";

/**
 * Where accepted jobs wait for a slot, once their person has been acknowledged: this process's
 * fair queue (`createLocalLine`), or the queue every instance shares (`createSharedLine`, Redis
 * mode), whose jobs any instance may run.
 */
export interface JobLine {
  /** Jobs whose sink is open, in the order their people were acknowledged. */
  addAll(jobs: readonly RunnableJob[]): void;
  /** Takes a job still waiting here out of the line; true when it did (the caller ends it). */
  remove(job: RunnableJob): boolean;
  /** At shutdown: takes out every job waiting here that is this process's to end, for the caller. */
  drain(): RunnableJob[];
  /** Takes no more jobs from other instances; resolves once the ones taken have ended. */
  close(): Promise<void>;
  /** Resolves once no job runs here. */
  whenIdle(): Promise<void>;
  /** Jobs running here now. */
  readonly runningCount: number;
  /** Jobs waiting here now (not those waiting in a queue other instances share). */
  readonly waitingCount: number;
}
