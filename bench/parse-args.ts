import { parseArgs } from "node:util";
import { defaultBenchRedisUrl } from "./bench-redis.ts";
import type { BenchScenario } from "./result.ts";

const scenarios: readonly BenchScenario[] = [
  "load",
  "edit",
  "zero-latency",
  "memory",
  "http-interactions",
  "instances",
];

/** What one `npm run bench` does; every field follows from the command line (and REDIS_URL). */
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
  readonly scenarios: readonly BenchScenario[];
  /** The http-interactions run: signed interactions sent a second, for how long. */
  readonly interactions: { readonly ratePerSecond: number; readonly durationS: number };
  /**
   * The instances runs: requests sent a second and how many, a job counted as hung this long
   * after the first was due, and the Redis the instances share (REDIS_URL, else 127.0.0.1:6379).
   */
  readonly instances: {
    readonly ratePerSecond: number;
    readonly jobs: number;
    readonly hangAfterMs: number;
    readonly redisUrl: string;
  };
  /** Stop everything (and exit 1) if the whole bench takes longer than this. */
  readonly deadlineMs: number;
  /** Write a V8 CPU profile of every bot process to bench/results/profiles/. */
  readonly cpuProf: boolean;
}

export const usage = `Usage: npm run bench -- [--quick] [--upstream-ms MS] [--only discord|slack] [--scenario NAME] [--cpu-prof]

  --quick            N = 1 and 20, upstream 0.5 s, one A/B pair, shorter scale-out runs
  --upstream-ms MS   time the fake CometAPI takes per job (default 2000; quick 500)
  --only PLATFORM    run only the Discord or only the Slack half
  --scenario NAME    run only the load, edit, zero-latency, memory, http-interactions or
                     instances runs
  --cpu-prof         write a CPU profile of each bot process to bench/results/profiles/`;

/** Reads the bench's flags (and REDIS_URL); throws with a readable line on a bad one. */
export function parseBenchArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): BenchOptions {
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
  const scenario = values.scenario as BenchScenario | undefined;
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
    interactions: quick ? { ratePerSecond: 500, durationS: 2 } : { ratePerSecond: 1000, durationS: 10 },
    // Above what one instance completes a second on two cores, so the figure is the instances' own.
    instances: {
      ...(quick ? { ratePerSecond: 200, jobs: 400 } : { ratePerSecond: 300, jobs: 1500 }),
      hangAfterMs: quick ? 30_000 : 60_000,
      redisUrl: env["REDIS_URL"] ?? defaultBenchRedisUrl,
    },
    deadlineMs: quick ? 150_000 : 540_000,
    cpuProf: values["cpu-prof"],
  };
}
