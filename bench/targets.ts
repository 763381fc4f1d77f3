import type { RunResult } from "./result.ts";

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The targets against this run's figures (A/B pairs averaged). */
export function checkTargets(results: readonly RunResult[], largeN: number, midN: number): TargetCheck[] {
  const runs = (bot: RunResult["bot"], platform: RunResult["platform"], n: number) =>
    results.filter((r) => r.bot === bot && r.platform === platform && r.n === n && r.upstreamMs > 0);
  const checks: TargetCheck[] = [];
  for (const n of new Set([midN, largeN])) {
    const ours = mean(runs("imagine-bot", "discord", n).map((r) => r.ackMs.p99));
    const yardstick = mean(runs("minimal discord.js", "discord", n).map((r) => r.ackMs.p99));
    const ratio = ours / yardstick;
    checks.push({
      target: `Discord ack p99 ≤ 1.2× the minimal bot's at N=${n}`,
      measured: `${ours.toFixed(0)} ms vs ${yardstick.toFixed(0)} ms = ${ratio.toFixed(2)}×`,
      met: ratio <= 1.2,
    });
  }
  const maxAck = Math.max(...runs("imagine-bot", "discord", largeN).map((r) => r.ackMs.max));
  checks.push({
    target: `every Discord ack < 1 s at N=${largeN}`,
    measured: `max ${maxAck} ms`,
    met: maxAck < 1000,
  });
  const one = mean(runs("imagine-bot", "discord", 1).map((r) => r.overheadBeyondQueueMs.p99));
  checks.push({ target: "overhead p99 < 50 ms at N=1", measured: `${one.toFixed(0)} ms`, met: one < 50 });
  const many = mean(runs("imagine-bot", "discord", largeN).map((r) => r.overheadBeyondQueueMs.p99));
  checks.push({
    target: `overhead p99 < 250 ms at N=${largeN} beyond queue`,
    measured: `${many.toFixed(0)} ms`,
    met: many < 250,
  });
  for (const platform of ["discord", "slack"] as const) {
    const answers = results
      .filter((r) => r.platform === platform && r.bot === "imagine-bot")
      .reduce((sum, r) => sum + r.rateLimitAnswers, 0);
    checks.push({
      target: `0 rate-limit answers (${platform})`,
      measured: String(answers),
      met: answers === 0,
    });
    const hung = results
      .filter((r) => r.platform === platform && r.bot === "imagine-bot")
      .reduce((sum, r) => sum + r.hung + r.failed, 0);
    checks.push({
      target: `every job completed (${platform})`,
      measured: `${hung} failed or hung`,
      met: hung === 0,
    });
  }
  const rss = Math.max(
    ...results.filter((r) => r.bot === "imagine-bot" && r.n === largeN).map((r) => r.peakRssMb),
  );
  checks.push({
    target: `peak RSS < 300 MB at N=${largeN}`,
    measured: `${rss.toFixed(0)} MB`,
    met: rss < 300,
  });
  return checks;
}
