import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { startFakeDiscord } from "../../test/fakes/discord/index.ts";
import { deleteKeysUnder, whyNoRedis } from "../bench-redis.ts";
import { botEnv } from "../bot-env.ts";
import { imagineInputs } from "../imagine-inputs.ts";
import { makeUpstream } from "../make-upstream.ts";
import type { InstancesResult } from "../result.ts";
import type { PreparedRequest } from "../send-open-loop.ts";
import { signInteractions, type SignedInteraction } from "../sign-interactions.ts";
import { startChild, type BenchChild, type ChildSetup } from "../start-child.ts";
import { startLoadGenerator, type LoadGenerator } from "../start-load-generator.ts";
import { startUpstream } from "../start-upstream.ts";
import { summarizeAcks } from "../summarize-acks.ts";
import { summarize } from "../stats.ts";
import { trackFinals } from "../track-finals.ts";
import { discordRateLimit } from "./discord-burst.ts";
import { generatorSockets, httpModeEnv, interactionTimeoutMs } from "./http-interactions.ts";

export interface InstancesSpec {
  /** Bot processes sharing the Redis. */
  readonly instances: number;
  readonly ratePerSecond: number;
  /** Requests sent (one job each), spread evenly over the instances. */
  readonly jobs: number;
  /** A job with no result this long after the first request's scheduled time is counted as hung. */
  readonly hangAfterMs: number;
  readonly redisUrl: string;
  readonly setup: ChildSetup;
}

/** Sent first, one instance after another, not measured: lazy loading, the JIT, the queue's first jobs. */
const warmUpPerInstance = 20;
const warmUpJobsMs = 20_000;

/** The requests, the i-th to the (i mod N)-th instance: what a round-robin load balancer does. */
function spread(signed: readonly SignedInteraction[], bots: readonly BenchChild[]): PreparedRequest[] {
  return signed.map(({ headers, body }, index) => ({
    url: `http://127.0.0.1:${bots[index % bots.length]!.port}/discord/interactions`,
    headers,
    body,
  }));
}

function skipped(spec: InstancesSpec, reason: string): InstancesResult {
  const none = summarize([]);
  return {
    scenario: "instances",
    instances: spec.instances,
    skipped: reason,
    ratePerSecond: spec.ratePerSecond,
    acks: { sent: 0, ackMs: none, non2xx: 0, notDeferred: 0, timedOut: 0, sendLagMs: none },
    completed: 0,
    failed: 0,
    hung: 0,
    wallMs: 0,
    jobsPerSecond: Number.NaN,
    logFiles: [],
  };
}

/**
 * `instances` bot processes in DISCORD_MODE=http on one Redis (a key prefix of the run's own,
 * deleted after), the fake CometAPI answering at once: `jobs` signed `/imagine` interactions sent
 * open-loop at `ratePerSecond`, alternately to each instance, and the jobs they complete a second
 * counted from the first request's scheduled time to the last result. Any instance may run a job
 * another accepted (the shared queue), so the figure is what the instances do together.
 */
export async function runInstances(spec: InstancesSpec): Promise<InstancesResult> {
  const noRedis = await whyNoRedis(spec.redisUrl);
  if (noRedis !== undefined) return skipped(spec, `no Redis at ${spec.redisUrl}: ${noRedis}`);
  const prefix = `imagine-bench:${randomUUID()}:`;
  const discord = await startFakeDiscord({ interactions: "http", rateLimit: discordRateLimit });
  const upstream = makeUpstream({ ms: 0, width: 1024, height: 1024 });
  const cometapi = await startUpstream(upstream);
  const bots: BenchChild[] = [];
  const names = Array.from({ length: spec.instances }, (_, i) => `instances-${spec.instances}-bot-${i + 1}`);
  let generator: LoadGenerator | undefined;
  try {
    const warmUpCount = warmUpPerInstance * spec.instances;
    const signed = await signInteractions(discord, imagineInputs(warmUpCount + spec.jobs));
    const warmUp = signed.slice(0, warmUpCount);
    const measured = signed.slice(warmUpCount);
    const env = {
      ...botEnv(cometapi.baseUrl, upstream, "instances"),
      ...httpModeEnv(discord),
      REDIS_URL: spec.redisUrl,
      IMAGINE_REDIS_PREFIX: prefix,
    };
    for (const name of names) bots.push(await startChild("bot-process.ts", env, { ...spec.setup, name }));
    generator = await startLoadGenerator({
      ...spec.setup,
      name: `instances-${spec.instances}-load-generator`,
    });
    const finals = trackFinals(discord);
    const options = {
      ratePerSecond: spec.ratePerSecond,
      timeoutMs: interactionTimeoutMs,
      maxSockets: generatorSockets,
    };
    await generator.send(spread(warmUp, bots), options);
    await finals.waitForAll(
      warmUp.map(({ token }) => token),
      warmUpJobsMs,
    );

    const run = await generator.send(spread(measured, bots), options);
    const tokens = measured.map(({ token }) => token);
    await finals.waitForAll(tokens, Math.max(0, run.startedAt + spec.hangAfterMs - Date.now()));
    const results = tokens.flatMap((token) => finals.finalOf(token) ?? []);
    const completed = results.filter((call) =>
      call.files.some((file) => file.filename.startsWith("imagine-")),
    );
    const hung = tokens.length - results.length;
    const lastAt =
      hung > 0 ? run.startedAt + spec.hangAfterMs : Math.max(...results.map((call) => call.receivedAt));
    const wallMs = lastAt - run.startedAt;
    return {
      scenario: "instances",
      instances: spec.instances,
      ratePerSecond: spec.ratePerSecond,
      acks: summarizeAcks(run.outcomes),
      completed: completed.length,
      failed: results.length - completed.length,
      hung,
      wallMs,
      jobsPerSecond: completed.length / (wallMs / 1000),
      logFiles: names.map((name) => join(spec.setup.logDir, `${name}.log`)),
    };
  } finally {
    await Promise.all(bots.map((bot) => bot.stop()));
    await generator?.stop();
    await Promise.all([discord.close(), cometapi.close()]);
    await deleteKeysUnder(spec.redisUrl, prefix);
  }
}
