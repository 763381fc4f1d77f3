import { minCoresForInstancesTarget } from "./check-targets.ts";
import type { AckFigures, InstancesResult, InteractionsResult } from "./result.ts";

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${Math.round(value)}`);
const joined = (...values: number[]) => values.map(ms).join("/");
const table = (rows: readonly (readonly string[])[]) =>
  [rows[0]!, rows[0]!.map(() => "---"), ...rows.slice(1)]
    .map((cells) => `| ${cells.join(" | ")} |`)
    .join("\n");

function ackCells(figures: AckFigures): string[] {
  const { ackMs } = figures;
  return [
    String(figures.sent),
    joined(ackMs.p50, ackMs.p95, ackMs.p99, ackMs.max),
    String(figures.non2xx),
    String(figures.notDeferred),
    String(figures.timedOut),
    ms(figures.sendLagMs.p99),
  ];
}

/** The http-interactions run: its own table (bot and floor) and the ratio of their p99s. */
export function formatInteractions(result: InteractionsResult): string {
  const { bot, floor } = result;
  const heading =
    `Discord HTTP interactions: ${result.ratePerSecond} signed /imagine a second for ${result.durationS} s, ` +
    `open loop (each timed from its scheduled send; given up after ${result.timeoutMs / 1000} s)`;
  const rows = [
    [
      "server",
      "sent",
      "ack ms p50/p95/p99/max",
      "non-2xx",
      "not deferred",
      "timed out",
      "generator lag ms p99",
      "jobs done meanwhile",
      "peak RSS/heap MB",
    ],
    [
      "imagine-bot (DISCORD_MODE=http)",
      ...ackCells(bot),
      String(bot.jobsDone),
      `${bot.peakRssMb.toFixed(0)}/${bot.peakHeapMb.toFixed(0)}`,
    ],
    ["minimal node:http (signature check, deferral)", ...ackCells(floor), "–", "–"],
  ];
  const ratio = bot.ackMs.p99 / floor.ackMs.p99;
  return (
    `${heading}\n\n${table(rows)}\n\n` +
    `imagine-bot ack p99 vs the minimal server's: ${ms(bot.ackMs.p99)} vs ${ms(floor.ackMs.p99)} ms = ${ratio.toFixed(1)}×`
  );
}

/**
 * The instances runs: one row each, and two instances' jobs a second against one's (said to be
 * no target on a machine too small for it).
 */
export function formatInstances(results: readonly InstancesResult[], cpuCount: number): string {
  const skipped = results.find((r) => r.skipped !== undefined);
  if (skipped) return `Instances on one Redis: not run (${skipped.skipped})`;
  const rows = [
    [
      "instances on one Redis",
      "jobs",
      "offered /s",
      "ack ms p50/p99",
      "acks timed out",
      "done/failed/hung",
      "wall s",
      "jobs/s",
    ],
    ...results.map((r) => [
      String(r.instances),
      String(r.acks.sent),
      String(r.ratePerSecond),
      joined(r.acks.ackMs.p50, r.acks.ackMs.p99),
      String(r.acks.timedOut),
      `${r.completed}/${r.failed}/${r.hung}`,
      (r.wallMs / 1000).toFixed(1),
      r.jobsPerSecond.toFixed(1),
    ]),
  ];
  const one = results.find((r) => r.instances === 1);
  const two = results.find((r) => r.instances === 2);
  const ratio =
    one && two
      ? `\n\ntwo instances vs one: ${two.jobsPerSecond.toFixed(1)} vs ${one.jobsPerSecond.toFixed(1)} jobs/s = ` +
        `${(two.jobsPerSecond / one.jobsPerSecond).toFixed(2)}×` +
        (cpuCount < minCoresForInstancesTarget
          ? ` (not a target on ${cpuCount} cores: the instances, the fakes, Redis and the load generator share them)`
          : "")
      : "";
  return `Jobs a second, one against two instances (Discord HTTP, zero-latency upstream, open loop)\n\n${table(rows)}${ratio}`;
}
