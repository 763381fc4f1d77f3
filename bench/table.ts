import type { RunResult } from "./result.ts";

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${Math.round(value)}`);

/** The results as a Markdown table, one row per run. */
export function formatTable(results: readonly RunResult[]): string {
  const header = [
    "bot",
    "platform",
    "N",
    "upstream ms",
    "ack p50/p95/p99/max ms",
    "overhead p50/p99 ms",
    "beyond queue p50/p99 ms",
    "429s",
    "edits/msg",
    "peak RSS MB",
    "peak heap MB",
    "done/failed/hung",
    "wall ms",
  ];
  const rows = results.map((r) => [
    r.bot,
    r.platform,
    String(r.n),
    String(r.upstreamMs),
    [r.ackMs.p50, r.ackMs.p95, r.ackMs.p99, r.ackMs.max].map(ms).join("/"),
    [r.overheadMs.p50, r.overheadMs.p99].map(ms).join("/"),
    [r.overheadBeyondQueueMs.p50, r.overheadBeyondQueueMs.p99].map(ms).join("/"),
    String(r.rateLimitAnswers),
    r.editsPerMessage.toFixed(1),
    r.peakRssMb.toFixed(0),
    r.peakHeapMb.toFixed(0),
    `${r.completed}/${r.failed}/${r.hung}`,
    String(r.wallMs),
  ]);
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}
