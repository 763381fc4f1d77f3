import type { JobEvent } from "../../core/jobs/job-events.ts";

/** The events that move a job along before its end. */
export type ProgressEvent = Extract<JobEvent, { type: "queued" | "started" | "partial" }>;

/** Where a job is, as the placeholder message in its thread shows it. */
export type ProgressState =
  | { readonly phase: "waiting" }
  | { readonly phase: "queued"; readonly position: number }
  | { readonly phase: "drawing"; readonly previews: number; readonly expectedPreviews: number }
  | { readonly phase: "uploading" };

/** The state after a job event that is not its last: queue moves, the start, each preview. */
export function advanceProgress(
  state: ProgressState,
  event: ProgressEvent,
  expectedPreviews: number,
): ProgressState {
  switch (event.type) {
    case "queued":
      return { phase: "queued", position: event.position };
    case "started":
      return { phase: "drawing", previews: 0, expectedPreviews };
    case "partial":
      return state.phase === "drawing" ? { ...state, previews: state.previews + 1 } : state;
  }
}
