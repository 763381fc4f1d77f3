import type { BotKind, InstancesResult, InteractionsResult, Platform, RunResult } from "./result.ts";
import { mean } from "./stats.ts";

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** How far off a missed target is, in the target's own unit. */
  readonly missedBy?: string;
}

const fmt = (value: number) => value.toFixed(0);

function check(target: string, measured: string, met: boolean, missedBy: string): TargetCheck {
  return met ? { target, measured, met } : { target, measured, met, missedBy };
}

/** Discord ack p99 of imagine-bot against the minimal discord.js bot's, pairs averaged. */
function ackRatio(ours: readonly RunResult[], theirs: readonly RunResult[], n: number): TargetCheck {
  const a = ours.map((r) => r.ackMs.p99);
  const b = theirs.map((r) => r.ackMs.p99);
  const ratio = mean(a) / mean(b);
  const pairs = a.map((value, i) => `${(value / b[i]!).toFixed(2)}×`).join(", ");
  return check(
    `Discord ack p99 ≤ 1.2× the minimal discord.js bot's at N=${n}`,
    `${fmt(mean(a))} ms vs ${fmt(mean(b))} ms = ${ratio.toFixed(2)}× (per pair: ${pairs})`,
    ratio <= 1.2,
    `${(ratio - 1.2).toFixed(2)}× over, ${fmt(mean(a) - 1.2 * mean(b))} ms of p99`,
  );
}

/** An overhead p99 (averaged over runs) under `limit`; a run where no job finished misses it. */
function overhead(target: string, p99s: readonly number[], limit: number): TargetCheck {
  const p99 = mean(p99s);
  if (Number.isNaN(p99)) return check(target, "no job finished", false, "every job");
  return check(target, `${fmt(p99)} ms`, p99 < limit, `${fmt(p99 - limit)} ms`);
}

/**
 * The bot's own cost once a job has left the queue, net of the wait the platform's published
 * limits impose whatever the bot does: on Slack, a workspace uploads 100 files a minute, so at
 * N=200 half the jobs wait a minute for their upload turn. That wait is subtracted job by job
 * (see computeLimitWaits), so a miss here is the bot's doing, never Slack's limit.
 */
function beyondQueue(platform: Platform, large: readonly RunResult[], n: number): TargetCheck {
  const limitWaitMs = Math.max(...large.map((r) => r.limitWaitMs.max));
  if (!(limitWaitMs > 0)) {
    const p99s = large.map((r) => r.beyondQueueMs.p99);
    return overhead(`${platform} overhead p99 < 250 ms at N=${n}, beyond the queue`, p99s, 250);
  }
  const result = overhead(
    `${platform} overhead p99 < 250 ms at N=${n}, beyond the queue and Slack's upload limit`,
    large.map((r) => r.beyondLimitsMs.p99),
    250,
  );
  const gross = fmt(mean(large.map((r) => r.beyondQueueMs.p99)));
  return {
    ...result,
    measured: `${result.measured} (${gross} ms before subtracting the wait Slack's limit imposed, up to ${(limitWaitMs / 1000).toFixed(1)} s)`,
  };
}

/**
 * The targets against this run's figures. Repeated runs (the A/B pairs) are averaged;
 * "every" targets take the worst run. `midN` and `largeN` are the sizes the ratios are taken at.
 */
export function checkTargets(results: readonly RunResult[], midN: number, largeN: number): TargetCheck[] {
  const runs = (bot: BotKind, platform: Platform, n: number, scenario = "load") =>
    results.filter((r) => r.bot === bot && r.platform === platform && r.n === n && r.scenario === scenario);
  const platforms = (["discord", "slack"] as const).filter((p) => results.some((r) => r.platform === p));
  const checks: TargetCheck[] = [];

  for (const n of new Set([midN, largeN])) {
    const ours = runs("imagine-bot", "discord", n);
    const theirs = runs("minimal discord.js", "discord", n);
    if (ours.length > 0 && theirs.length > 0) checks.push(ackRatio(ours, theirs, n));
  }
  for (const platform of platforms) {
    const ours = (n: number, scenario?: string) => runs("imagine-bot", platform, n, scenario);
    const all = results.filter((r) => r.bot === "imagine-bot" && r.platform === platform);
    const large = ours(largeN);
    if (large.length > 0) {
      const maxAck = Math.max(...large.map((r) => r.ackMs.max));
      checks.push(
        check(
          `every ${platform} ack < 1 s at N=${largeN}`,
          `max ${fmt(maxAck)} ms`,
          maxAck < 1000,
          `${fmt(maxAck - 1000)} ms`,
        ),
      );
    }
    if (ours(1).length > 0) {
      const p99s = ours(1).map((r) => r.overheadMs.p99);
      checks.push(overhead(`${platform} overhead p99 < 50 ms at N=1`, p99s, 50));
    }
    if (large.length > 0) checks.push(beyondQueue(platform, large, largeN));
    const answers = all.reduce((sum, r) => sum + r.rateLimitAnswers, 0);
    checks.push(
      check(
        `0 rate-limit answers (${platform}, every run)`,
        String(answers),
        answers === 0,
        `${answers} answers`,
      ),
    );
    const small = all.filter((r) => r.scenario !== "memory");
    const lost = small.reduce((sum, r) => sum + r.failed + r.hung, 0);
    const jobs = small.reduce((sum, r) => sum + r.n, 0);
    checks.push(
      check(
        `every ${platform} job completed (1024x1024 runs)`,
        `${lost} of ${jobs} failed or hung`,
        lost === 0,
        `${lost} jobs`,
      ),
    );
    // Slack's memory run may be smaller than largeN (see planRuns).
    const memory = all.filter((r) => r.scenario === "memory");
    if (memory.length > 0) {
      const rss = Math.max(...memory.map((r) => r.peakRssMb));
      const done = memory.map((r) => `${r.completed}/${r.n}`).join(", ");
      checks.push(
        check(
          `${platform} peak RSS < 300 MB at N=${memory[0]!.n} with ${memory[0]!.images}`,
          `${fmt(rss)} MB (done within the bound: ${done})`,
          rss < 300,
          `${fmt(rss - 300)} MB`,
        ),
      );
    }
  }
  return checks;
}

/** Discord HTTP acks: p99 within 3× the minimal server's, or under this many ms whatever the floor. */
const interactionAckFloorFactor = 3;
const interactionAckAbsoluteMs = 100;

/**
 * The http-interactions run's targets: imagine-bot's ack p99 within 3× the minimal server's (its
 * floor on this machine) or under 100 ms, and every interaction answered with a deferral within
 * Discord's 3 s.
 */
export function checkInteractionTargets(result: InteractionsResult): TargetCheck[] {
  const { bot, floor, ratePerSecond } = result;
  const p99 = bot.ackMs.p99;
  const allowed = Math.max(interactionAckFloorFactor * floor.ackMs.p99, interactionAckAbsoluteMs);
  const unanswered = bot.non2xx + bot.notDeferred + bot.timedOut;
  return [
    check(
      `Discord HTTP ack p99 ≤ 3× the minimal server's or < 100 ms, at ${ratePerSecond}/s`,
      `${fmt(p99)} ms vs ${fmt(floor.ackMs.p99)} ms = ${(p99 / floor.ackMs.p99).toFixed(1)}×`,
      p99 <= interactionAckFloorFactor * floor.ackMs.p99 || p99 < interactionAckAbsoluteMs,
      `${fmt(p99 - allowed)} ms`,
    ),
    check(
      `every Discord HTTP interaction deferred within ${result.timeoutMs / 1000} s, at ${ratePerSecond}/s`,
      `${unanswered} of ${bot.sent} not (${bot.non2xx} non-2xx, ${bot.notDeferred} other answers, ${bot.timedOut} timed out)`,
      unanswered === 0,
      `${unanswered} interactions`,
    ),
  ];
}

/**
 * Cores a machine needs before two instances can be asked to beat one: one instance under this
 * load keeps more than a core busy (its event loop, GC and I/O threads), and the fakes, Redis and
 * the load generator take most of another. On fewer, two instances share the same cores and the
 * ratio says nothing of the bot.
 */
export const minCoresForInstancesTarget = 4;

/**
 * The instances runs' targets: none lost, and (on a machine of at least 4 cores) two instances
 * complete more jobs a second than one.
 */
export function checkInstanceTargets(results: readonly InstancesResult[], cpuCount: number): TargetCheck[] {
  const ran = results.filter((r) => r.skipped === undefined);
  const one = ran.find((r) => r.instances === 1);
  const two = ran.find((r) => r.instances === 2);
  const checks: TargetCheck[] = [];
  if (one && two && cpuCount >= minCoresForInstancesTarget) {
    const ratio = two.jobsPerSecond / one.jobsPerSecond;
    checks.push(
      check(
        "two instances on one Redis complete more jobs/s than one",
        `${two.jobsPerSecond.toFixed(1)} vs ${one.jobsPerSecond.toFixed(1)} jobs/s = ${ratio.toFixed(2)}×`,
        ratio > 1,
        `${(one.jobsPerSecond - two.jobsPerSecond).toFixed(1)} jobs/s below one instance`,
      ),
    );
  }
  if (ran.length > 0) {
    const lost = ran.reduce((sum, r) => sum + r.failed + r.hung, 0);
    const jobs = ran.reduce((sum, r) => sum + r.acks.sent, 0);
    checks.push(
      check(
        "every job completed (instances runs)",
        `${lost} of ${jobs} failed or hung`,
        lost === 0,
        `${lost} jobs`,
      ),
    );
  }
  return checks;
}
