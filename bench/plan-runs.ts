import { makeUpstream, type Upstream } from "./make-upstream.ts";
import type { BenchOptions } from "./parse-args.ts";
import type { BotKind, Platform, RunResult, Scenario } from "./result.ts";
import { runDiscordBurst } from "./scenarios/discord-burst.ts";
import { runSlackBurst } from "./scenarios/slack-burst.ts";
import type { ChildSetup } from "./start-child.ts";

export interface PlannedRun {
  readonly label: string;
  readonly run: () => Promise<RunResult>;
}

/**
 * The runs of one bench, in order: for each N, imagine-bot and the minimal discord.js bot
 * alternately (A B A B: the machine's drift falls on both alike), then Slack; then one run against
 * a zero-latency upstream for throughput, and (full runs only) one per platform at the largest N
 * with 1536x1024 incompressible PNGs for memory.
 */
export function planRuns(options: BenchOptions, setup: ChildSetup): PlannedRun[] {
  const { hangAfterMs } = options;
  const planned: PlannedRun[] = [];
  const add = (scenario: Scenario, platform: Platform, bot: BotKind, n: number, upstream: Upstream) => {
    const spec = { scenario, n, upstream, hangAfterMs, setup };
    planned.push({
      label: `${bot} ${platform} ${scenario} N=${n}`,
      run: () => (platform === "discord" ? runDiscordBurst({ ...spec, bot }) : runSlackBurst(spec)),
    });
  };
  const discord = options.platforms.includes("discord");
  const slack = options.platforms.includes("slack");
  const largeN = options.sizes.at(-1)!;

  const upstream = makeUpstream({ ms: options.upstreamMs, width: 1024, height: 1024 });
  for (const n of options.sizes) {
    for (let pair = 0; discord && pair < options.pairs; pair++) {
      add("load", "discord", "imagine-bot", n, upstream);
      add("load", "discord", "minimal discord.js", n, upstream);
    }
    if (slack) add("load", "slack", "imagine-bot", n, upstream);
  }
  const instant = makeUpstream({ ms: 0, width: 1024, height: 1024 });
  add("zero-latency", discord ? "discord" : "slack", "imagine-bot", largeN, instant);
  // Too heavy for a quick run: 4.5 MB images cost the bot ~0.4 s of CPU each job.
  if (options.quick) return planned;
  const large = makeUpstream({ ms: options.upstreamMs, width: 1536, height: 1024, noise: true });
  for (const platform of options.platforms) add("memory", platform, "imagine-bot", largeN, large);
  return planned;
}
