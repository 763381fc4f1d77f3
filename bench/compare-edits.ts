import type { RunResult } from "./result.ts";
import { mean } from "./stats.ts";

/** An edit's cost beside a generation's at one N, on one platform. */
export interface EditComparison {
  readonly platform: RunResult["platform"];
  readonly n: number;
  /** Overhead p99 (ms): the edit run's, and the generation runs' averaged over the A/B pairs. */
  readonly overheadP99: { readonly edit: number; readonly generation: number };
  /** Beyond-the-queue p99 (ms), the same way. */
  readonly beyondQueueP99: { readonly edit: number; readonly generation: number };
}

const fmt = (value: number) => (Number.isNaN(value) ? "–" : value.toFixed(0));

/**
 * imagine-bot's edit runs set beside its generation runs of the same platform and N: what an edit
 * adds (downloading the image from the platform, sending it as a multipart form) to the bot's own
 * cost. Not a target: a line of the report.
 */
export function compareEdits(results: readonly RunResult[]): EditComparison[] {
  const ours = results.filter((r) => r.bot === "imagine-bot");
  return ours
    .filter((r) => r.scenario === "edit")
    .flatMap((edit) => {
      const generations = ours.filter(
        (r) => r.scenario === "load" && r.platform === edit.platform && r.n === edit.n,
      );
      if (generations.length === 0) return [];
      return [
        {
          platform: edit.platform,
          n: edit.n,
          overheadP99: {
            edit: edit.overheadMs.p99,
            generation: mean(generations.map((r) => r.overheadMs.p99)),
          },
          beyondQueueP99: {
            edit: edit.beyondQueueMs.p99,
            generation: mean(generations.map((r) => r.beyondQueueMs.p99)),
          },
        },
      ];
    });
}

/** One line per comparison, for the console. */
export function formatEditComparison(comparison: EditComparison): string {
  const { platform, n, overheadP99: o, beyondQueueP99: b } = comparison;
  return (
    `${platform} edit vs generation at N=${n}: overhead p99 ${fmt(o.edit)} vs ${fmt(o.generation)} ms, ` +
    `beyond the queue ${fmt(b.edit)} vs ${fmt(b.generation)} ms`
  );
}
