import type { JobRecord } from "../job-record.ts";

/**
 * What a worker found when it took a job from the shared queue:
 * - `started`: it was queued, and is now `running` and this instance's (its place among its
 *   person's jobs held here too), once across every instance;
 * - `taken`: a live instance runs it already (a job handed out twice);
 * - `left`: it is `running` under an instance that is gone (a worker that died mid-job);
 * - `ended`: it has ended, was deleted, or is unknown.
 */
export type SharedJobStart =
  | { readonly outcome: "started"; readonly job: JobRecord }
  | { readonly outcome: "taken" | "left" | "ended"; readonly job?: JobRecord };

/**
 * The job rows' side of the shared queue, in a store every instance shares (see JobStore for
 * whose jobs are whose). While a job waits in the shared queue it belongs to the queue, not to
 * the instance that accepted it: that instance may stop (or die) and the job still runs on
 * another, and recovery leaves it alone while any instance lives.
 */
export interface SharedJobStore {
  /**
   * The job, queued by this instance, now waits in the shared queue: it (and its person's place
   * in line) belongs to the queue. False when it is no longer this instance's queued job (a
   * worker started it already).
   */
  queueJob(id: string): Promise<boolean>;
  /** Makes a queued job `running` and this instance's, at `at` (see SharedJobStart). */
  startQueuedJob(id: string, at: number): Promise<SharedJobStart>;
  /**
   * Takes a job still waiting back from the shared queue (to cancel it): this instance's again.
   * False when it is not waiting any more.
   */
  withdrawQueuedJob(id: string): Promise<boolean>;
  /**
   * Keeps the queue's jobs counted as a live instance's while this process lives: every instance
   * keeps it, so the waiting jobs outlive any one of them, and are closed by recovery only once
   * no instance is left. Returns the function that stops it.
   */
  keepQueueAlive(): () => void;
}
