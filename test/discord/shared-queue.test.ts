import { describe, expect, it, onTestFinished } from "vitest";
import { adaptersFor } from "../../src/app/load-adapters.ts";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createDiscordAdapterWith } from "../../src/discord/index.ts";
import { startFakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeDiscord } from "../fakes/discord/index.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";
import { heldStream } from "../support/held-stream.ts";
import {
  deleteKeysUnder,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../support/test-redis.ts";
import { cometApiKey, fastIdentify, png, textChannelId } from "./harness.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

/** The jobs a bot's worker took from the shared queue, by its log. */
const jobsTakenBy = (log: CapturedLog) =>
  log
    .records()
    .filter((record) => record.msg === "job taken from the shared queue")
    .map((record) => String(record.jobId));

describe.skipIf(noRedis !== undefined)(
  `two instances of the bot on one Redis, Discord${skipNote(noRedis)}`,
  () => {
    it("edits the deferred reply of every job, whichever instance runs it", async () => {
      const prefix = uniquePrefix();
      const discord = await startFakeDiscord();
      const cometapi = await startFakeCometApi();
      const bots: RunningBot[] = [];
      onTestFinished(async () => {
        await Promise.allSettled(bots.map((bot) => bot.stop()));
        await Promise.all([discord.close(), cometapi.close()]);
        await deleteKeysUnder(prefix);
      });
      const config = loadConfig({
        COMETAPI_API_KEY: cometApiKey,
        COMETAPI_BASE_URL: cometapi.baseUrl,
        COMETAPI_QUOTA_URL: cometapi.quotaUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_API_BASE_URL: discord.apiBaseUrl,
        PORT: "0",
        HOST: "127.0.0.1",
        IMAGINE_PROGRESS_INTERVAL_MS: "0",
        IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
        IMAGINE_MAX_CONCURRENCY: "1",
        REDIS_URL: testRedisUrl,
        IMAGINE_REDIS_PREFIX: prefix,
      });
      const logs: CapturedLog[] = [];
      // Interactions go to the newest gateway session: the second bot's. The first hears none.
      for (let n = 0; n < 2; n++) {
        const log = captureLog([cometApiKey, discord.token]);
        logs.push(log);
        bots.push(
          await startBot({
            config,
            log: log.log,
            adapters: await adaptersFor(config, {
              // The elapsed time never ticks here: only the job's own moves edit its reply.
              discord: createDiscordAdapterWith({ clientOptions: fastIdentify, tickMs: 600_000 }),
            }),
            allowLoopbackImageUrls: true,
            backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
          }),
        );
      }
      // The first job CometAPI gets is held: its instance's one slot stays taken meanwhile.
      const held = heldStream([], [png.image1]);
      cometapi.enqueue(held.behaviour);
      cometapi.enqueue({ kind: "json", images: [png.image2] });

      const tokens = ["a lighthouse", "a harbour"].map(
        (prompt) =>
          discord.sendInteraction({
            commandName: "imagine",
            options: [{ name: "prompt", type: 3, value: prompt }],
          }).token,
      );
      await cometapi.waitForRequests(2);
      // The held job's reply moved on from its place in line, whichever instance edits it.
      const content = (token: string) => discord.messageFor(token)?.content ?? "";
      await discord.waitUntil(
        () => tokens.some((token) => content(token).startsWith("🎨 Generating…")),
        "the held job's reply to say it is being made",
      );
      held.release();
      const hasResult = (token: string) => (discord.messageFor(token)?.attachments.length ?? 0) > 0;
      await discord.waitUntil(() => tokens.every(hasResult), "both replies to show their image");

      for (const token of tokens) {
        const reply = discord.messageFor(token)!;
        expect(reply.buttons.map((button) => button.customId?.split(":")[1])).toContain("reroll");
        expect(discord.followupsFor(token)).toEqual([]);
      }
      // Nothing went to the channel instead: the replies are its only messages.
      const replies = tokens.map((token) => discord.messageFor(token)!.id).sort();
      expect(
        discord
          .channelMessages(textChannelId)
          .map((message) => message.id)
          .sort(),
      ).toEqual(replies);
      // One slot each: one of the two jobs ran on the instance that never saw its interaction.
      expect(jobsTakenBy(logs[0]!)).toHaveLength(1);
      expect(jobsTakenBy(logs[1]!)).toHaveLength(1);
      expect(logs[0]!.records().filter((record) => record.msg === "job accepted")).toEqual([]);
    });
  },
);
