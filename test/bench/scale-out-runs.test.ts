import { describe, expect, it } from "vitest";
import { checkInstanceTargets, checkInteractionTargets } from "../../bench/check-targets.ts";
import { parseBenchArgs } from "../../bench/parse-args.ts";
import { planRuns } from "../../bench/plan-runs.ts";
import type { AckFigures, InstancesResult, InteractionsResult } from "../../bench/result.ts";
import { formatInstances, formatInteractions } from "../../bench/scale-out-tables.ts";
import type { RequestOutcome } from "../../bench/send-open-loop.ts";
import { summarize } from "../../bench/stats.ts";
import { summarizeAcks } from "../../bench/summarize-acks.ts";

const setup = { childDir: "unused", logDir: "unused" };
const labels = (argv: string[]) => planRuns(parseBenchArgs(argv, {}), setup).map((run) => run.label);
const scaleOut = (label: string) => label.includes("http-interactions") || label.includes("instances");

describe("the bench's scale-out runs", () => {
  it("come after the zero-latency run and before the memory runs of a full bench", () => {
    const all = labels([]);
    expect(all.filter(scaleOut)).toEqual([
      "imagine-bot discord http-interactions 1000/s for 10 s",
      "imagine-bot discord instances ×1 300/s",
      "imagine-bot discord instances ×2 300/s",
    ]);
    const first = all.indexOf("imagine-bot discord http-interactions 1000/s for 10 s");
    expect(all[first - 1]).toBe("imagine-bot discord zero-latency N=200");
    expect(all[first + 3]).toBe("imagine-bot discord memory N=200");
  });

  it("run shorter in a quick bench, and alone with --scenario", () => {
    expect(labels(["--quick"]).filter(scaleOut)).toEqual([
      "imagine-bot discord http-interactions 500/s for 2 s",
      "imagine-bot discord instances ×1 200/s",
      "imagine-bot discord instances ×2 200/s",
    ]);
    expect(labels(["--scenario", "http-interactions"])).toEqual([
      "imagine-bot discord http-interactions 1000/s for 10 s",
    ]);
    expect(labels(["--scenario", "instances", "--quick"])).toEqual([
      "imagine-bot discord instances ×1 200/s",
      "imagine-bot discord instances ×2 200/s",
    ]);
  });

  it("are Discord's: none when only Slack is benched", () => {
    expect(labels(["--only", "slack"]).filter(scaleOut)).toEqual([]);
  });

  it("share the Redis REDIS_URL names, or the one on this machine's default port", () => {
    expect(parseBenchArgs([], { REDIS_URL: "redis://cache:6380/2" }).instances.redisUrl).toBe(
      "redis://cache:6380/2",
    );
    expect(parseBenchArgs([], {}).instances.redisUrl).toBe("redis://127.0.0.1:6379");
  });
});

const outcome = (latencyMs: number, status = 200, body = '{"type":5}', timedOut = false): RequestOutcome => ({
  latencyMs,
  sendLagMs: 0,
  status,
  timedOut,
  body,
});

describe("summarizeAcks", () => {
  it("tells a deferral from another 2xx answer, a refusal and a request given up, timing them all", () => {
    const figures = summarizeAcks([
      outcome(2),
      outcome(4, 200, '{"type":4,"data":{}}'),
      outcome(6, 401, "invalid request signature\n"),
      outcome(8, 0, ""),
      outcome(3000, 0, "", true),
    ]);
    expect(figures).toMatchObject({ sent: 5, non2xx: 2, notDeferred: 1, timedOut: 1 });
    // A request given up counts at the timeout, so the tail shows it.
    expect(figures.ackMs.max).toBe(3000);
  });
});

function acks(p99: number, timedOut = 0): AckFigures {
  return {
    sent: 1000,
    ackMs: { ...summarize([1, p99]), p99 },
    non2xx: 0,
    notDeferred: 0,
    timedOut,
    sendLagMs: summarize([0]),
  };
}

function interactions(botP99: number, floorP99: number, timedOut = 0): InteractionsResult {
  return {
    scenario: "http-interactions",
    ratePerSecond: 1000,
    durationS: 10,
    timeoutMs: 3000,
    bot: { ...acks(botP99, timedOut), jobsDone: 900, peakRssMb: 200, peakHeapMb: 80, logFile: "bot.log" },
    floor: acks(floorP99),
  };
}

describe("the HTTP interactions targets", () => {
  const ackTarget = (result: InteractionsResult) => checkInteractionTargets(result)[0]!;

  it("are met within 3× the minimal server's p99", () => {
    expect(ackTarget(interactions(150, 60))).toMatchObject({ met: true, measured: "150 ms vs 60 ms = 2.5×" });
  });

  it("are met under 100 ms however fast the minimal server was", () => {
    expect(ackTarget(interactions(90, 5)).met).toBe(true);
  });

  it("are missed past both, by what exceeds the larger bound", () => {
    expect(ackTarget(interactions(400, 50))).toMatchObject({ met: false, missedBy: "250 ms" });
  });

  it("count every interaction not deferred within Discord's 3 s", () => {
    expect(checkInteractionTargets(interactions(90, 5, 3))[1]).toMatchObject({
      target: "every Discord HTTP interaction deferred within 3 s, at 1000/s",
      met: false,
      missedBy: "3 interactions",
    });
  });

  it("print both servers and the ratio of their p99s", () => {
    const text = formatInteractions(interactions(150, 60));
    expect(text).toContain(
      "| imagine-bot (DISCORD_MODE=http) | 1000 | 1/150/150/150 | 0 | 0 | 0 | 0 | 900 | 200/80 |",
    );
    expect(text).toContain("imagine-bot ack p99 vs the minimal server's: 150 vs 60 ms = 2.5×");
  });
});

function instances(count: number, jobsPerSecond: number, hung = 0): InstancesResult {
  return {
    scenario: "instances",
    instances: count,
    ratePerSecond: 300,
    acks: acks(50),
    completed: 1000 - hung,
    failed: 0,
    hung,
    wallMs: ((1000 - hung) / jobsPerSecond) * 1000,
    jobsPerSecond,
    logFiles: [],
  };
}

describe("the instances targets", () => {
  it("are met when two instances complete more jobs a second than one, and none is lost", () => {
    expect(checkInstanceTargets([instances(1, 150), instances(2, 240)], 4)).toEqual([
      {
        target: "two instances on one Redis complete more jobs/s than one",
        measured: "240.0 vs 150.0 jobs/s = 1.60×",
        met: true,
      },
      { target: "every job completed (instances runs)", measured: "0 of 2000 failed or hung", met: true },
    ]);
  });

  it("are missed when two are no faster, or a job hung", () => {
    const [faster, completed] = checkInstanceTargets([instances(1, 150), instances(2, 140, 5)], 8);
    expect(faster).toMatchObject({ met: false, missedBy: "10.0 jobs/s below one instance" });
    expect(completed).toMatchObject({ met: false, missedBy: "5 jobs" });
  });

  it("do not ask two instances to beat one on a machine of fewer than 4 cores, and the report says why", () => {
    const results = [instances(1, 150), instances(2, 140)];
    expect(checkInstanceTargets(results, 2).map((check) => check.target)).toEqual([
      "every job completed (instances runs)",
    ]);
    expect(formatInstances(results, 2)).toContain(
      "two instances vs one: 140.0 vs 150.0 jobs/s = 0.93× (not a target on 2 cores:",
    );
  });

  it("are not checked when there was no Redis to run them on, which the report says", () => {
    const skipped = { ...instances(1, Number.NaN), skipped: "no Redis at redis://127.0.0.1:6379: refused" };
    expect(checkInstanceTargets([skipped, { ...skipped, instances: 2 }], 8)).toEqual([]);
    expect(formatInstances([skipped], 8)).toBe(
      "Instances on one Redis: not run (no Redis at redis://127.0.0.1:6379: refused)",
    );
  });
});
