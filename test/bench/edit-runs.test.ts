import { describe, expect, it } from "vitest";
import { botEnv } from "../../bench/bot-env.ts";
import { compareEdits, formatEditComparison } from "../../bench/compare-edits.ts";
import { makeUpstream } from "../../bench/make-upstream.ts";
import { parseBenchArgs } from "../../bench/parse-args.ts";
import { planRuns } from "../../bench/plan-runs.ts";
import type { RunResult, Scenario } from "../../bench/result.ts";
import { summarizeJobs } from "../../bench/summarize-jobs.ts";
import { loadConfig } from "../../src/config/load-config.ts";

const setup = { childDir: "unused", logDir: "unused" };
const labels = (argv: string[]) => planRuns(parseBenchArgs(argv), setup).map((run) => run.label);

describe("the bench's edit runs", () => {
  it("follow the generation runs of N = 1 and 50 on Discord, so the report shows them side by side", () => {
    const all = labels(["--only", "discord"]);
    expect(all.filter((label) => label.includes(" edit "))).toEqual([
      "imagine-bot discord edit N=1",
      "imagine-bot discord edit N=50",
    ]);
    // Each right after the last A/B pair of its N.
    expect(all[all.indexOf("imagine-bot discord edit N=1") - 1]).toBe("minimal discord.js discord load N=1");
    expect(all[all.indexOf("imagine-bot discord edit N=50") - 1]).toBe(
      "minimal discord.js discord load N=50",
    );
  });

  it("run in a quick bench too, and alone with --scenario edit", () => {
    expect(labels(["--quick", "--only", "discord"]).filter((label) => label.includes(" edit "))).toEqual([
      "imagine-bot discord edit N=1",
      "imagine-bot discord edit N=20",
    ]);
    expect(labels(["--scenario", "edit"])).toEqual([
      "imagine-bot discord edit N=1",
      "imagine-bot discord edit N=50",
    ]);
  });

  it("are not made when only Slack is benched", () => {
    expect(labels(["--quick", "--only", "slack"]).filter((label) => label.includes(" edit "))).toEqual([]);
  });

  it("run the bot with loopback URLs allowed, so it may fetch the fake Discord's attachment", () => {
    const env = botEnv("http://127.0.0.1:1/v1", makeUpstream({ ms: 0, width: 1024, height: 1024 }), "edit");
    const config = loadConfig({ ...env, DISCORD_TOKEN: "bench" });
    expect(config.allowLoopbackUrls).toBe(true);
  });
});

/** A run whose every job took `overheadMs` beyond the upstream, the queue included. */
function run(scenario: Scenario, n: number, overheadMs: number): RunResult {
  const jobs = Array.from({ length: n }, () => ({
    sentAt: 0,
    ackAt: 5,
    upstreamAt: 10,
    finalAt: 2000 + overheadMs,
    failed: false,
    edits: 3,
  }));
  return {
    scenario,
    bot: "imagine-bot",
    platform: "discord",
    n,
    upstreamMs: 2000,
    images: "1024x1024 PNG, 5 KB",
    ...summarizeJobs(jobs, 2000, 0, 2000 + overheadMs),
    rateLimitAnswers: 0,
    peakRssMb: 150,
    peakHeapMb: 40,
    logFile: "bench.log",
  };
}

describe("compareEdits", () => {
  it("sets an edit run beside the generation runs of its N, their pairs averaged", () => {
    const results = [run("load", 1, 10), run("load", 1, 20), run("edit", 1, 40), run("load", 200, 90)];
    const [comparison, ...rest] = compareEdits(results);
    expect(rest).toEqual([]);
    expect(comparison).toEqual({
      platform: "discord",
      n: 1,
      overheadP99: { edit: 40, generation: 15 },
      beyondQueueP99: { edit: 30, generation: 5 },
    });
    expect(formatEditComparison(comparison!)).toBe(
      "discord edit vs generation at N=1: overhead p99 40 vs 15 ms, beyond the queue 30 vs 5 ms",
    );
  });

  it("says nothing of an edit run without a generation run to compare it with", () => {
    expect(compareEdits([run("edit", 50, 40), run("load", 1, 10)])).toEqual([]);
  });
});
