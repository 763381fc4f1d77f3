import type { Logger } from "pino";
import type { JobEvent, JobSink } from "./job-events.ts";

/**
 * Wraps a sink so that whatever it throws or rejects with is logged and swallowed: a broken
 * renderer must never break the job or the process (an unhandled rejection ends Node).
 */
export function createSafeSink(sink: JobSink, log: Logger): (event: JobEvent) => Promise<void> {
  return (event) => {
    try {
      return Promise.resolve(sink(event)).catch((error: unknown) => {
        log.error({ err: error, event: event.type }, "delivering a job event failed");
      });
    } catch (error) {
      log.error({ err: error, event: event.type }, "delivering a job event failed");
      return Promise.resolve();
    }
  };
}
