import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeDiscord, type RecordedCall } from "../../test/fakes/discord/index.ts";
import { botEnv } from "../bot-env.ts";
import { isFinalEdit } from "../is-final-edit.ts";
import type { Upstream } from "../make-upstream.ts";
import type { BotKind, RunResult, Scenario } from "../result.ts";
import { startChild, type ChildSetup } from "../start-child.ts";
import { startUpstream } from "../start-upstream.ts";
import { summarizeJobs, type JobTrace } from "../summarize-jobs.ts";

/**
 * Discord's per-route buckets as the fake enforces them: every (route, major parameter) — an
 * interaction's webhook token, a channel — gets 5 requests per 5 s, with X-RateLimit-* headers on
 * every answer and a 429 past them. Discord publishes no fixed figures; 5 per 5 s is what it
 * answers for channel messages and the stricter reading of what interaction webhooks get.
 */
export const discordRateLimit = { limit: 5, windowMs: 5000 };

export interface DiscordBurstSpec {
  readonly scenario: Scenario;
  readonly bot: BotKind;
  readonly n: number;
  readonly upstream: Upstream;
  readonly hangAfterMs: number;
  readonly setup: ChildSetup;
}

/**
 * An edit run's `/imagine` carries the upstream's own image as its `image` attachment, which the
 * fake Discord serves on loopback: the run differs from a generation's only by the edit's path
 * (the download, the multipart upload), not by the weight of its bytes.
 */
function attachmentsFor(spec: DiscordBurstSpec) {
  if (spec.scenario !== "edit") return {};
  return { attachments: { image: { filename: "input.png", bytes: spec.upstream.final } } };
}

/** N people run `/imagine` at the same moment, each with a prompt (and, to edit, an image) of their own. */
export async function runDiscordBurst(spec: DiscordBurstSpec): Promise<RunResult> {
  const { bot, n, upstream } = spec;
  const discord = await startFakeDiscord({ rateLimit: discordRateLimit });
  const cometapi = await startUpstream(upstream);
  const name = `${spec.scenario}-discord-${bot.replace(/\W+/g, "-")}-n${n}`;
  const logFile = join(spec.setup.logDir, `${name}.log`);
  const entry = bot === "imagine-bot" ? "bot-process.ts" : "minimal-discord-bot.ts";
  const child = await startChild(
    entry,
    {
      ...botEnv(cometapi.baseUrl, upstream, spec.scenario),
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
    },
    { ...spec.setup, name },
  ).catch(async (error: unknown) => {
    await Promise.all([discord.close(), cometapi.close()]);
    throw error;
  });
  try {
    await discord.ready();
    // One job first, not measured: the first request pays for lazy loading and cold connections.
    cometapi.answerNextAtOnce();
    const warmUp = discord.sendInteraction({
      commandName: "imagine",
      userId: "799999999999999999",
      options: [{ name: "prompt", type: 3, value: "warm-up" }],
      ...attachmentsFor(spec),
    });
    await discord
      .waitForCall((call) => call.params["token"] === warmUp.token && isFinalEdit(call), {
        timeoutMs: 15_000,
      })
      .catch(() => undefined);
    child.resetMemory();
    const startedAt = Date.now();
    const sent = Array.from({ length: n }, (_, index) => {
      const sentAt = Date.now();
      const { token } = discord.sendInteraction({
        commandName: "imagine",
        userId: String(800_000_000_000_000_000n + BigInt(index)),
        options: [{ name: "prompt", type: 3, value: `bench-${index}` }],
        ...attachmentsFor(spec),
      });
      return { index, token, sentAt };
    });

    // One waiter for all the finals: a waiter per job would each list every call on timeout.
    const finals = new Map<string, RecordedCall>();
    const tokens = new Set(sent.map((job) => job.token));
    await discord
      .waitForCall(
        (call) => {
          const token = call.params["token"];
          if (token && tokens.has(token) && !finals.has(token) && isFinalEdit(call)) finals.set(token, call);
          // The bench needs file names, not bytes: let the uploads go (4.5 MB each in the memory run).
          call.files = call.files.map((file) => ({ ...file, bytes: Buffer.alloc(0) }));
          return finals.size === n;
        },
        { timeoutMs: spec.hangAfterMs },
      )
      .catch(() => undefined);
    const endedAt = Date.now();
    // Let requests still in flight land before counting.
    await sleep(250);
    const memory = await child.memory();

    const byToken = (route: string) => {
      const found = new Map<string, RecordedCall[]>();
      for (const call of discord.calls) {
        const token = call.params["token"];
        if (call.route !== route || !token || call.status >= 300) continue;
        found.set(token, [...(found.get(token) ?? []), call]);
      }
      return found;
    };
    const callbacks = byToken("interactionCallback");
    const edits = byToken("webhookMessage");
    const jobs: JobTrace[] = sent.map(({ index, token, sentAt }) => {
      const final = finals.get(token);
      const ackAt = callbacks.get(token)?.[0]?.receivedAt;
      const upstreamStart = cometapi.arrivalOf(`bench-${index}`);
      return {
        sentAt,
        ...(ackAt !== undefined && { ackAt }),
        ...(upstreamStart !== undefined && { upstreamAt: upstreamStart }),
        ...(final && { finalAt: final.receivedAt }),
        // An edit run's job that reached CometAPI as a generation measured the wrong thing.
        failed:
          final !== undefined &&
          (!final.files.some((file) => file.filename.startsWith("imagine-")) ||
            (spec.scenario === "edit" && !cometapi.editedBy(`bench-${index}`))),
        edits: edits.get(token)?.filter((call) => call.method === "PATCH").length ?? 0,
      };
    });
    return {
      scenario: spec.scenario,
      bot,
      platform: "discord",
      n,
      upstreamMs: upstream.ms,
      images: bot === "imagine-bot" ? upstream.description : "1024x1024 PNG, fixed",
      ...summarizeJobs(jobs, bot === "imagine-bot" ? upstream.ms : 0, startedAt, endedAt),
      rateLimitAnswers: discord.calls.filter((call) => call.status === 429 && call.receivedAt >= startedAt)
        .length,
      peakRssMb: memory.peakRssBytes / 2 ** 20,
      peakHeapMb: memory.peakHeapBytes / 2 ** 20,
      logFile,
    };
  } finally {
    await child.stop();
    await Promise.all([discord.close(), cometapi.close()]);
  }
}
