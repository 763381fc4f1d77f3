import type { Logger } from "pino";
import type { JobStore } from "./job-record.ts";

const dayMs = 86_400_000;

/** How often old job records are looked for while the bot runs. */
const defaultEveryMs = 6 * 60 * 60_000;

export interface JobRetentionOptions {
  readonly jobs: Pick<JobStore, "pruneJobs">;
  readonly retentionDays: number;
  readonly now: () => number;
  readonly log: Pick<Logger, "info" | "error">;
  readonly everyMs?: number;
}

/**
 * Drops job records older than the retention, at once and then every few hours, until stopped.
 * A failing store is logged and tried again next time.
 */
export function startJobRetention(options: JobRetentionOptions): { stop(): void } {
  const { log } = options;
  const prune = async () => {
    const before = options.now() - options.retentionDays * dayMs;
    try {
      const dropped = await options.jobs.pruneJobs(before);
      if (dropped > 0)
        log.info({ jobs: dropped, retentionDays: options.retentionDays }, "dropped old job records");
    } catch (error) {
      log.error({ err: error }, "dropping old job records failed");
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), options.everyMs ?? defaultEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
