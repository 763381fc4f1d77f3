import { join } from "node:path";
import { startFakeDiscord, type FakeDiscord } from "../../test/fakes/discord/index.ts";
import { botEnv } from "../bot-env.ts";
import { makeUpstream } from "../make-upstream.ts";
import type { AckFigures, InteractionsResult } from "../result.ts";
import type { PreparedRequest } from "../send-open-loop.ts";
import { imagineInputs } from "../imagine-inputs.ts";
import { signInteractions, type SignedInteraction } from "../sign-interactions.ts";
import { startChild, type BenchChild, type ChildSetup } from "../start-child.ts";
import { startLoadGenerator, type LoadGenerator } from "../start-load-generator.ts";
import { startUpstream } from "../start-upstream.ts";
import { summarizeAcks } from "../summarize-acks.ts";
import { trackFinals } from "../track-finals.ts";
import { discordRateLimit } from "./discord-burst.ts";

export interface HttpInteractionsSpec {
  readonly ratePerSecond: number;
  readonly durationS: number;
  readonly setup: ChildSetup;
}

/** Discord gives up on an interaction not answered within 3 s ("The application did not respond"). */
export const interactionTimeoutMs = 3000;
/** Connections the generator keeps open to one server: under the bot's cap of 256 (http-limits.ts). */
export const generatorSockets = 200;
/** Sent first at the run's rate, not measured: lazy loading, the JIT's first passes, the first connections. */
const warmUpCount = 200;
/** How long the warm-up's jobs may take to finish before the measured load starts anyway. */
const warmUpJobsMs = 20_000;

/** The bot's variables besides botEnv's: Discord over HTTP, and nothing that would refuse a request. */
export function httpModeEnv(discord: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    DISCORD_MODE: "http",
    DISCORD_PUBLIC_KEY: discord.publicKey,
    // Every request is someone else's (see imagineInputs), one each: no cooldown, no daily limit,
    // and a queue as deep as there are requests (the bot's queue is bounded per person only).
    IMAGINE_COOLDOWN_SECONDS: "0",
    IMAGINE_DAILY_LIMIT_PER_USER: "0",
    IMAGINE_DAILY_LIMIT_PER_WORKSPACE: "0",
  };
}

/** The signed interactions as requests to one server's interactions endpoint. */
export function toRequests(url: string, signed: readonly SignedInteraction[]): PreparedRequest[] {
  return signed.map(({ headers, body }) => ({ url, headers, body }));
}

const endpoint = (child: BenchChild) => `http://127.0.0.1:${child.port}/discord/interactions`;

/** The floor: the minimal server under the same requests (signatures it checks alike). */
async function measureFloor(
  spec: HttpInteractionsSpec,
  generator: LoadGenerator,
  publicKey: string,
  warmUp: readonly SignedInteraction[],
  measured: readonly SignedInteraction[],
): Promise<AckFigures> {
  const name = "http-interactions-minimal-server";
  const server = await startChild(
    "minimal-interactions-server.ts",
    { DISCORD_PUBLIC_KEY: publicKey },
    { ...spec.setup, name },
  );
  try {
    const options = {
      ratePerSecond: spec.ratePerSecond,
      timeoutMs: interactionTimeoutMs,
      maxSockets: generatorSockets,
    };
    await generator.send(toRequests(endpoint(server), warmUp), options);
    const run = await generator.send(toRequests(endpoint(server), measured), options);
    return summarizeAcks(run.outcomes);
  } finally {
    await server.stop();
  }
}

/**
 * imagine-bot in DISCORD_MODE=http, one process, under `ratePerSecond` signed `/imagine`
 * interactions a second for `durationS`, sent open-loop from a process of their own, each timed
 * from its scheduled send to its whole HTTP answer; beside it, the same load on a minimal node:http
 * server that only checks the signature and defers (the floor on this machine). The fake CometAPI
 * answers at once, so the jobs run meanwhile: their edits of the deferred replies go to the fake
 * Discord, in this process, apart from the answers the bot owes the generator.
 */
export async function runHttpInteractions(spec: HttpInteractionsSpec): Promise<InteractionsResult> {
  const n = Math.round(spec.ratePerSecond * spec.durationS);
  const discord = await startFakeDiscord({ interactions: "http", rateLimit: discordRateLimit });
  const upstream = makeUpstream({ ms: 0, width: 1024, height: 1024 });
  const cometapi = await startUpstream(upstream);
  let generator: LoadGenerator | undefined;
  let bot: BenchChild | undefined;
  try {
    const signed = await signInteractions(discord, imagineInputs(warmUpCount + n));
    const warmUp = signed.slice(0, warmUpCount);
    const measured = signed.slice(warmUpCount);
    generator = await startLoadGenerator({ ...spec.setup, name: "http-interactions-load-generator" });
    const floor = await measureFloor(spec, generator, discord.publicKey, warmUp, measured);

    const name = "http-interactions-imagine-bot";
    bot = await startChild(
      "bot-process.ts",
      { ...botEnv(cometapi.baseUrl, upstream, "http-interactions"), ...httpModeEnv(discord) },
      { ...spec.setup, name },
    );
    const finals = trackFinals(discord);
    const options = {
      ratePerSecond: spec.ratePerSecond,
      timeoutMs: interactionTimeoutMs,
      maxSockets: generatorSockets,
    };
    await generator.send(toRequests(endpoint(bot), warmUp), options);
    await finals.waitForAll(
      warmUp.map(({ token }) => token),
      warmUpJobsMs,
    );
    bot.resetMemory();
    const run = await generator.send(toRequests(endpoint(bot), measured), options);
    const jobsDone = measured.filter(({ token }) => finals.finalOf(token) !== undefined).length;
    const memory = await bot.memory();
    return {
      scenario: "http-interactions",
      ratePerSecond: spec.ratePerSecond,
      durationS: spec.durationS,
      timeoutMs: interactionTimeoutMs,
      bot: {
        ...summarizeAcks(run.outcomes),
        jobsDone,
        peakRssMb: memory.peakRssBytes / 2 ** 20,
        peakHeapMb: memory.peakHeapBytes / 2 ** 20,
        logFile: join(spec.setup.logDir, `${name}.log`),
      },
      floor,
    };
  } finally {
    await bot?.stop();
    await generator?.stop();
    await Promise.all([discord.close(), cometapi.close()]);
  }
}
