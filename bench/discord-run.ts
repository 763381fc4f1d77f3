import { startFakeCometApi } from "../test/fakes/cometapi/index.ts";
import { startFakeDiscord, type RecordedCall } from "../test/fakes/discord/index.ts";
import { startChild } from "./child.ts";
import type { RunResult } from "./result.ts";
import { summarize } from "./stats.ts";
import type { Upstream } from "./upstream.ts";

/** Discord's per-route buckets as the fake enforces them: 5 requests per 2 s per webhook token. */
const discordLimit = { limit: 5, windowMs: 2000 };

/** N simultaneous `/imagine` against the fake Discord, served by the bot or the yardstick. */
export async function runDiscord(
  bot: RunResult["bot"],
  n: number,
  upstream: Upstream,
  hangAfterMs: number,
): Promise<RunResult> {
  const discord = await startFakeDiscord({ rateLimit: discordLimit });
  const cometapi = await startFakeCometApi();
  cometapi.fallback = upstream.behaviour;
  const child = await startChild(bot === "imagine-bot" ? "bot-process.ts" : "minimal-discord-bot.ts", {
    COMETAPI_API_KEY: "bench-key-not-secret",
    COMETAPI_BASE_URL: cometapi.baseUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    PORT: "0",
    IMAGINE_MAX_CONCURRENCY: String(Math.min(100, Math.max(1, n))),
    IMAGINE_PROGRESS_INTERVAL_MS: "1000",
    IMAGINE_PARTIAL_IMAGES: "3",
  });
  try {
    await discord.ready();
    child.resetMemory();
    const startedAt = Date.now();
    const sent = Array.from({ length: n }, (_, index) => {
      const sentAt = Date.now();
      const { token } = discord.sendInteraction({
        commandName: "imagine",
        userId: String(800_000_000_000_000_000n + BigInt(index)),
        options: [{ name: "prompt", type: 3, value: `bench-${index}` }],
      });
      return { index, token, sentAt };
    });
    const isFinal = (token: string) => (call: RecordedCall) =>
      call.method === "PATCH" &&
      call.status === 200 &&
      call.path.includes(`/${token}/`) &&
      (call.files.some((file) => file.filename.startsWith("imagine-")) ||
        String((call.json as { content?: string } | undefined)?.content ?? "").startsWith("⚠️"));
    const finals = await Promise.all(
      sent.map(({ token }) =>
        discord.waitForCall(isFinal(token), { timeoutMs: hangAfterMs }).catch(() => undefined),
      ),
    );
    const wallMs = Date.now() - startedAt;
    const memory = await child.memory();

    const ack: number[] = [];
    const overhead: number[] = [];
    const beyondQueue: number[] = [];
    let failed = 0;
    sent.forEach(({ index, token, sentAt }, i) => {
      const callback = discord.calls.find(
        (call) => call.route === "interactionCallback" && call.path.includes(`/${token}/`),
      );
      if (callback) ack.push(callback.receivedAt - sentAt);
      const final = finals[i];
      if (!final) return;
      if (final.files.length === 0) failed++;
      const upstreamMs = bot === "imagine-bot" ? upstream.ms : 0;
      overhead.push(final.receivedAt - sentAt - upstreamMs);
      const request = cometapi.requests.find((r) => r.body["prompt"] === `bench-${index}`);
      beyondQueue.push(final.receivedAt - (request?.receivedAt ?? sentAt) - upstreamMs);
    });
    const edits = discord.calls.filter(
      (call) => call.method === "PATCH" && call.route === "webhookMessage",
    ).length;
    return {
      bot,
      platform: "discord",
      n,
      upstreamMs: upstream.ms,
      ackMs: summarize(ack),
      overheadMs: summarize(overhead),
      overheadBeyondQueueMs: summarize(beyondQueue),
      rateLimitAnswers: discord.calls.filter((call) => call.status === 429).length,
      editsPerMessage: n ? edits / n : 0,
      peakRssMb: memory.peakRssBytes / 2 ** 20,
      peakHeapMb: memory.peakHeapBytes / 2 ** 20,
      completed: finals.filter(Boolean).length - failed,
      failed,
      hung: finals.filter((final) => !final).length,
      wallMs,
    };
  } finally {
    await child.stop();
    await Promise.all([discord.close(), cometapi.close()]);
  }
}
