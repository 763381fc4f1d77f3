import { makeUpstream, type Upstream } from "./make-upstream.ts";
import type { BenchOptions } from "./parse-args.ts";
import type { BenchResult, BotKind, Platform, Scenario } from "./result.ts";
import { runDiscordBurst } from "./scenarios/discord-burst.ts";
import { runHttpInteractions } from "./scenarios/http-interactions.ts";
import { runInstances } from "./scenarios/instances.ts";
import { slackMethodLimits } from "../src/slack/deliver/slack-budgets.ts";
import { runSlackBurst } from "./scenarios/slack-burst.ts";
import type { ChildSetup } from "./start-child.ts";

export interface PlannedRun {
  readonly label: string;
  readonly run: () => Promise<BenchResult>;
}

/** A memory run's jobs mostly wait in the queue (see planRuns): hung only after this. */
const memoryHangAfterMs = 120_000;

/**
 * The runs of one bench, in order: for each N, imagine-bot and the minimal discord.js bot
 * alternately (A B, four times over: the machine's drift falls on both alike), then (at the two
 * smallest N) one Discord run whose `/imagine` each carry an image to edit, beside them in the
 * report, then Slack; then one run against a zero-latency upstream for throughput; then (Discord)
 * the scale-out runs: acknowledgements of HTTP interactions under open-loop load beside a minimal
 * server's, and jobs a second of one and of two instances on one Redis; and (full runs only) one
 * per platform at the largest N with 1536x1024 incompressible PNGs for memory.
 */

export function planRuns(options: BenchOptions, setup: ChildSetup): PlannedRun[] {
  const { hangAfterMs } = options;
  const planned: PlannedRun[] = [];
  const add = (
    scenario: Scenario,
    platform: Platform,
    bot: BotKind,
    n: number,
    upstream: Upstream,
    hangAfter = hangAfterMs,
  ) => {
    if (!options.scenarios.includes(scenario)) return;
    const spec = { scenario, n, upstream, hangAfterMs: hangAfter, setup };
    planned.push({
      label: `${bot} ${platform} ${scenario} N=${n}`,
      run: () => (platform === "discord" ? runDiscordBurst({ ...spec, bot }) : runSlackBurst(spec)),
    });
  };
  const discord = options.platforms.includes("discord");
  const slack = options.platforms.includes("slack");
  const largeN = options.sizes.at(-1)!;
  // N = 1 for an edit's own cost, and the next size for a burst of them; at 200 the queue, which
  // the generation runs already show, would outweigh what the edit path adds.
  const editSizes = options.sizes.slice(0, 2);

  const upstream = makeUpstream({ ms: options.upstreamMs, width: 1024, height: 1024 });
  for (const n of options.sizes) {
    for (let pair = 0; discord && pair < options.pairs; pair++) {
      add("load", "discord", "imagine-bot", n, upstream);
      add("load", "discord", "minimal discord.js", n, upstream);
    }
    if (discord && editSizes.includes(n)) add("edit", "discord", "imagine-bot", n, upstream);
    if (slack) add("load", "slack", "imagine-bot", n, upstream);
  }
  const instant = makeUpstream({ ms: 0, width: 1024, height: 1024 });
  add("zero-latency", discord ? "discord" : "slack", "imagine-bot", largeN, instant);
  if (discord && options.scenarios.includes("http-interactions")) {
    const { ratePerSecond, durationS } = options.interactions;
    planned.push({
      label: `imagine-bot discord http-interactions ${ratePerSecond}/s for ${durationS} s`,
      run: () => runHttpInteractions({ ratePerSecond, durationS, setup }),
    });
  }
  for (let instances = 1; discord && options.scenarios.includes("instances") && instances <= 2; instances++) {
    const spec = { ...options.instances, instances, setup };
    planned.push({
      label: `imagine-bot discord instances ×${instances} ${spec.ratePerSecond}/s`,
      run: () => runInstances(spec),
    });
  }
  // Too heavy for a quick run: 4.5 MB images cost the bot ~0.1 s of CPU each job.
  if (options.quick) return planned;
  // The memory runs keep the bot's default memory budget, which lets 2 such jobs run at once:
  // the rest wait in the queue. A shorter upstream keeps the run short; the memory held per
  // running job does not depend on it. Jobs are hung only past a bound that allows for the queue.
  const memoryUpstreamMs = Math.min(options.upstreamMs, 500);
  const large = makeUpstream({ ms: memoryUpstreamMs, width: 1536, height: 1024, noise: true });
  for (const platform of options.platforms) {
    // Slack uploads 100 files a minute per workspace: past 100 jobs the run would only wait out
    // Slack's minute (jobs wait in the queue meanwhile, memory flat), so it stops at 100.
    const n = platform === "slack" ? Math.min(largeN, slackMethodLimits.uploads.limit) : largeN;
    add("memory", platform, "imagine-bot", n, large, memoryHangAfterMs);
  }
  return planned;
}
