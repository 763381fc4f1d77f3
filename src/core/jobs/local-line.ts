import type { ImageSettings } from "../requests/request.ts";
import { FairQueue } from "./fair-queue.ts";
import type { JobLine } from "./job-line.ts";
import { estimateJobBytes } from "./job-memory.ts";
import type { JobRunner, RunnableJob } from "./job-runner.ts";

export interface LocalLineOptions {
  readonly runner: JobRunner;
  /** Jobs running at once. */
  readonly concurrency: number;
  /** Memory running jobs may hold together, by `estimateJobBytes`; jobs past it wait their turn. */
  readonly memoryBytes?: number;
  readonly settings: Pick<ImageSettings, "maxInputImageBytes">;
}

/**
 * The line in this process: the fair queue (round-robin across people, under the concurrency and
 * memory limits), which tells each waiting job its place whenever it changes.
 */
export function createLocalLine(options: LocalLineOptions): JobLine {
  const { runner } = options;
  const queue = new FairQueue<RunnableJob>({
    concurrency: options.concurrency,
    ...(options.memoryBytes !== undefined && {
      weight: (job: RunnableJob) => estimateJobBytes(job.request, options.settings.maxInputImageBytes),
      capacity: options.memoryBytes,
    }),
    start: (job) => runner.run(job),
    onPosition: (job, position) => {
      job.log.debug({ position }, "job queued");
      // Progress is never awaited: the safe sink logs its failures, and the queue must not wait.
      void job.emit({ type: "queued", position });
    },
  });
  return {
    addAll: (jobs) => queue.addAll(jobs),
    remove: (job) => queue.remove(job.id),
    drain: () => queue.drain(),
    close: async () => undefined,
    whenIdle: () => queue.whenIdle(),
    get runningCount() {
      return queue.runningCount;
    },
    get waitingCount() {
      return queue.waitingCount;
    },
  };
}
