import type { RunResult } from "./result.ts";

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${Math.round(value)}`);
const pair = (...values: number[]) => values.map(ms).join("/");

/** The run's name in the table: who, where, and which scenario when it is not the main one. */
export function runName(result: RunResult): string {
  const scenario = result.scenario === "load" ? "" : ` · ${result.scenario}`;
  return `${result.bot} · ${result.platform}${scenario}`;
}

/** The results as a Markdown table, one row per run, in the order they ran. */
export function formatTable(results: readonly RunResult[]): string {
  const header = [
    "run",
    "N",
    "upstream",
    "ack ms p50/p95/p99/max",
    "overhead ms p50/p99",
    "to upstream ms p50/p99",
    "beyond queue ms p50/p99",
    "429s",
    "edits/msg mean/max",
    "peak RSS/heap MB",
    "done/failed/hung",
    "wall s",
    "jobs/s",
  ];
  const rows = results.map((r) => [
    runName(r),
    String(r.n),
    `${r.upstreamMs} ms, ${r.images}`,
    pair(r.ackMs.p50, r.ackMs.p95, r.ackMs.p99, r.ackMs.max),
    pair(r.overheadMs.p50, r.overheadMs.p99),
    pair(r.toUpstreamMs.p50, r.toUpstreamMs.p99),
    pair(r.beyondQueueMs.p50, r.beyondQueueMs.p99),
    String(r.rateLimitAnswers),
    `${r.editsPerMessage.mean.toFixed(1)}/${r.editsPerMessage.max}`,
    `${r.peakRssMb.toFixed(0)}/${r.peakHeapMb.toFixed(0)}`,
    `${r.completed}/${r.failed}/${r.hung}`,
    (r.wallMs / 1000).toFixed(1),
    Number.isNaN(r.jobsPerSecond) ? "–" : r.jobsPerSecond.toFixed(1),
  ]);
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
