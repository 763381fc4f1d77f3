import { parseArgs } from "node:util";
import type { Scenario } from "./result.ts";

const scenarios: readonly Scenario[] = ["load", "edit", "zero-latency", "memory"];

/** What one `npm run bench` does; every field follows from the command line. */
export interface BenchOptions {
  readonly quick: boolean;
  /** How long the fake CometAPI takes for one job (3 partial images, then the final one). */
  readonly upstreamMs: number;
  /** How many `/imagine` (and Slack mentions) arrive at once, one run each. */
  readonly sizes: readonly number[];
  /** A/B pairs of imagine-bot and the minimal discord.js bot per size. */
  readonly pairs: number;
  /** A job with no final message this long after it was sent is counted as hung. */
  readonly hangAfterMs: number;
  readonly platforms: readonly ("discord" | "slack")[];
  /** Which kinds of run to make (all by default). */
  readonly scenarios: readonly Scenario[];
  /** Stop everything (and exit 1) if the whole bench takes longer than this. */
  readonly deadlineMs: number;
  /** Write a V8 CPU profile of every bot process to bench/results/profiles/. */
  readonly cpuProf: boolean;
}

export const usage = `Usage: npm run bench -- [--quick] [--upstream-ms MS] [--only discord|slack] [--scenario NAME] [--cpu-prof]

  --quick            N = 1 and 20, upstream 0.5 s, one A/B pair (under 30 s)
  --upstream-ms MS   time the fake CometAPI takes per job (default 2000; quick 500)
  --only PLATFORM    run only the Discord or only the Slack half
  --scenario NAME    run only the load, edit, zero-latency or memory runs
  --cpu-prof         write a CPU profile of each bot process to bench/results/profiles/`;

/** Reads the bench's flags; throws with a readable line on a bad one. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      "upstream-ms": { type: "string" },
      only: { type: "string" },
      scenario: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(usage);
  const quick = values.quick;
  const upstreamMs =
    values["upstream-ms"] === undefined ? (quick ? 500 : 2000) : Number(values["upstream-ms"]);
  if (!Number.isInteger(upstreamMs) || upstreamMs < 0 || upstreamMs > 60_000) {
    throw new Error("--upstream-ms must be a whole number of milliseconds between 0 and 60000");
  }
  const only = values.only;
  if (only !== undefined && only !== "discord" && only !== "slack") {
    throw new Error("--only must be discord or slack");
  }
  const scenario = values.scenario as Scenario | undefined;
  if (scenario !== undefined && !scenarios.includes(scenario)) {
    throw new Error(`--scenario must be one of ${scenarios.join(", ")}`);
  }
  return {
    quick,
    upstreamMs,
    sizes: quick ? [1, 20] : [1, 50, 200],
    pairs: quick ? 1 : 4,
    hangAfterMs: upstreamMs + (quick ? 10_000 : 30_000),
    platforms: only ? [only] : ["discord", "slack"],
    scenarios: scenario ? [scenario] : scenarios,
    deadlineMs: quick ? 90_000 : 420_000,
    cpuProf: values["cpu-prof"],
  };
}
