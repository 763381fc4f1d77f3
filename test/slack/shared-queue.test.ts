import { describe, expect, it, onTestFinished } from "vitest";
import { adaptersFor } from "../../src/app/load-adapters.ts";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createSlackAdapterWith } from "../../src/slack/index.ts";
import { startFakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";
import { heldStream } from "../support/held-stream.ts";
import {
  deleteKeysUnder,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../support/test-redis.ts";
import {
  alice,
  bob,
  buttonsIn,
  channel,
  cometApiKey,
  hasImages,
  hasLastWord,
  png,
  signingSecret,
} from "./harness.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

/** Retries a millisecond apart, as the Slack harness makes them. */
const quickRetries = {
  uploads: { minTimeoutMs: 1, maxTimeoutMs: 1 },
  webApiRetries: { retries: 3, factor: 1, minTimeout: 1, maxTimeout: 1 },
};

/** The jobs a bot's worker took from the shared queue, by its log. */
const jobsTakenBy = (log: CapturedLog) =>
  log
    .records()
    .filter((record) => record.msg === "job taken from the shared queue")
    .map((record) => String(record.jobId));

describe.skipIf(noRedis !== undefined)(
  `two instances of the bot on one Redis, Slack HTTP mode${skipNote(noRedis)}`,
  () => {
    it("shows every job in the thread the accepting instance answered, whichever instance runs it", async () => {
      const prefix = uniquePrefix();
      const slack = await startFakeSlack({ usergroups: {} });
      const cometapi = await startFakeCometApi();
      const bots: RunningBot[] = [];
      onTestFinished(async () => {
        await Promise.allSettled(bots.map((bot) => bot.stop()));
        await Promise.all([slack.close(), cometapi.close()]);
        await deleteKeysUnder(prefix);
      });
      const config = loadConfig({
        COMETAPI_API_KEY: cometApiKey,
        COMETAPI_BASE_URL: cometapi.baseUrl,
        COMETAPI_QUOTA_URL: cometapi.quotaUrl,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: "0",
        HOST: "127.0.0.1",
        IMAGINE_PROGRESS_INTERVAL_MS: "0",
        IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
        IMAGINE_MAX_CONCURRENCY: "1",
        REDIS_URL: testRedisUrl,
        IMAGINE_REDIS_PREFIX: prefix,
      });
      const logs: CapturedLog[] = [];
      for (let n = 0; n < 2; n++) {
        const log = captureLog([cometApiKey, slack.botToken, signingSecret]);
        logs.push(log);
        bots.push(
          await startBot({
            config,
            log: log.log,
            adapters: await adaptersFor(config, { slack: createSlackAdapterWith(quickRetries) }),
            allowLoopbackImageUrls: true,
            backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
          }),
        );
      }
      const [accepting] = bots;
      // The first job CometAPI gets is held: its instance's one slot stays taken meanwhile.
      const held = heldStream([], [png.image1]);
      cometapi.enqueue(held.behaviour);
      cometapi.enqueue({ kind: "json", images: [png.image2] });

      // Both requests reach one instance only (as a load balancer would send them).
      const mentions = [
        { user: alice, text: "a lighthouse" },
        { user: bob, text: "a harbour" },
      ].map(({ user, text }) => ({
        type: "app_mention",
        user,
        text: `<@${slack.botUserId}> ${text}`,
        channel,
        ts: slack.newTs(),
      }));
      for (const event of mentions) {
        const request = slack.signedEventRequest(slack.eventCallback(event), { signingSecret });
        const response = await fetch(`http://127.0.0.1:${accepting!.http.port}/slack/events`, {
          method: "POST",
          headers: request.headers,
          body: request.body,
        });
        expect(response.status).toBe(200);
      }
      const finished = (ts: string) => waitForFinishedThread(slack, ts);
      await cometapi.waitForRequests(2);
      held.release();
      const threads = await Promise.all(mentions.map((event) => finished(event.ts)));

      // One placeholder each, posted by the instance that answered, edited to its last word with
      // the result's buttons: the other instance took it over rather than post its own.
      for (const thread of threads) {
        expect(thread).toHaveLength(2);
        expect(thread.filter((message) => buttonsIn(message).length > 0)).toHaveLength(1);
      }
      expect(
        cometapi.requests.filter((request) => request.path.endsWith("/images/generations")),
      ).toHaveLength(2);
      // One slot each: one of the two jobs ran on the instance that never heard of it.
      expect(jobsTakenBy(logs[0]!)).toHaveLength(1);
      expect(jobsTakenBy(logs[1]!)).toHaveLength(1);
    });
  },
);

async function waitForFinishedThread(slack: FakeSlack, ts: string) {
  const thread = () => slack.messagesIn(channel, ts);
  await slack.waitUntil(
    () => hasImages(thread()) && hasLastWord(thread()),
    `thread ${ts} to hold its images and last word`,
  );
  return thread();
}
