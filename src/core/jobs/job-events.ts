import type { ImagineError } from "../errors/errors.ts";
import type { ImageData } from "../provider/types.ts";

/**
 * What happens to a job, in order: queued* → started → partial* → completed | failed | cancelled.
 * In Redis mode the sink that acknowledged the job sees queued → handedOver (then, rarely, an end
 * of its own), and the sink of the instance that runs it sees the rest from started on.
 */
export type JobEvent =
  /** Waiting; `position` 1 is next. Sent again whenever the position changes. */
  | { readonly type: "queued"; readonly position: number }
  | { readonly type: "started" }
  | { readonly type: "partial"; readonly index: number; readonly image: ImageData }
  | { readonly type: "completed"; readonly images: readonly ImageData[]; readonly elapsedMs: number }
  | { readonly type: "failed"; readonly error: ImagineError; readonly elapsedMs: number }
  | { readonly type: "cancelled" }
  /**
   * The job waits in the queue every instance shares (Redis mode), and whichever instance runs it
   * shows the rest through a sink of its own (`PlatformAdapter.resumeSink`). Draw what was last
   * pushed (the queue position) at once, stop showing progress, and resolve once it has landed,
   * having noted where it is on the job (`AcceptedJob.note`; the core waits for those notes). A
   * terminal event may still follow: `cancelled` when the job is taken back out of the shared
   * queue before any instance started it, `failed` when the shared queue could not take it.
   */
  | { readonly type: "handedOver" };

export type TerminalJobEvent = Extract<JobEvent, { type: "completed" | "failed" | "cancelled" }>;

/**
 * Receives a job's events. It may be async; the job never waits for it between events, and a
 * sink that throws or rejects is logged, never allowed to break the job. The promise returned for
 * the terminal event is awaited at shutdown so final messages land before the process exits.
 */
export type JobSink = (event: JobEvent) => void | Promise<void>;

export function isTerminal(event: JobEvent): event is TerminalJobEvent {
  return event.type === "completed" || event.type === "failed" || event.type === "cancelled";
}
