import { StoreUnavailableError } from "../store/store-unavailable-error.ts";
import { interruptLeftJobs, tellInterruptedJobs, type RecoverJobsOptions } from "./recover-jobs.ts";

export interface LeftJobSweepOptions extends RecoverJobsOptions {
  /** Time between two sweeps: half the instances' lease, so a dead one's jobs wait little longer. */
  readonly everyMs: number;
}

/** The periodic sweep, running until stopped. */
export interface LeftJobSweep {
  /** Sweeps now, unless a sweep is under way; resolves once this one (or that one) is over. */
  sweepNow(): Promise<void>;
  /** Sweeps no more; resolves once a sweep under way is over (it goes on for at most 30 s a job). */
  stop(): Promise<void>;
}

/**
 * For a store shared by several instances: every `everyMs`, closes the jobs of instances that are
 * gone (their lease ran out: killed, or cut off) and tells their people, as a start does for its
 * own store (`interruptLeftJobs`, then `tellInterruptedJobs`). The store decides whose jobs are
 * gone and lets one instance only interrupt, adopt or tell each, so every instance may sweep.
 * One sweep at a time; a store that cannot be used now is left for the next sweep (the store
 * logs its own faults). The timer does not keep the process alive.
 */
export function startLeftJobSweep(options: LeftJobSweepOptions): LeftJobSweep {
  const { log } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  const sweep = async (): Promise<void> => {
    try {
      const delivered = await interruptLeftJobs(options.jobs, options.now);
      await tellInterruptedJobs(options, delivered);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return;
      log.error({ err: error }, "closing the jobs of instances that stopped failed; trying again later");
    }
  };
  const sweepNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= sweep().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void sweepNow(), options.everyMs);
  timer.unref();
  return {
    sweepNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
