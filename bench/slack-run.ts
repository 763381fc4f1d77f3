import { startFakeCometApi } from "../test/fakes/cometapi/index.ts";
import { startFakeSlack } from "../test/fakes/slack/index.ts";
import { startChild } from "./child.ts";
import type { RunResult } from "./result.ts";
import { summarize } from "./stats.ts";
import type { Upstream } from "./upstream.ts";

/**
 * Slack's documented limits as the fake enforces them: chat.update is Tier 3 (50 a minute per
 * workspace), chat.postMessage about one a second per channel (bursts allowed), files.* Tier 4.
 */
const slackLimits = {
  "chat.update": { limit: 50, windowMs: 60_000 },
  "chat.postMessage": { limit: 5, windowMs: 5000, perChannel: true },
  "chat.postEphemeral": { limit: 100, windowMs: 60_000 },
  "files.getUploadURLExternal": { limit: 100, windowMs: 60_000 },
  "files.completeUploadExternal": { limit: 100, windowMs: 60_000 },
};

/** N simultaneous mentions, each in its own channel, against the fake Slack in Socket Mode. */
export async function runSlack(n: number, upstream: Upstream, hangAfterMs: number): Promise<RunResult> {
  const slack = await startFakeSlack({ rateLimits: slackLimits });
  const cometapi = await startFakeCometApi();
  cometapi.fallback = upstream.behaviour;
  const child = await startChild("bot-process.ts", {
    COMETAPI_API_KEY: "bench-key-not-secret",
    COMETAPI_BASE_URL: cometapi.baseUrl,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    PORT: "0",
    IMAGINE_MAX_CONCURRENCY: String(Math.min(100, Math.max(1, n))),
    IMAGINE_PROGRESS_INTERVAL_MS: "1000",
    IMAGINE_PARTIAL_IMAGES: "3",
  });
  try {
    await slack.socketConnected();
    child.resetMemory();
    const startedAt = Date.now();
    const sent = await Promise.all(
      Array.from({ length: n }, async (_, index) => {
        const channel = `C0BENCH${String(index).padStart(4, "0")}`;
        const ts = slack.newTs();
        const sentAt = Date.now();
        await slack.sendEvent({
          type: "app_mention",
          user: `U0BENCH${String(index).padStart(4, "0")}`,
          text: `<@${slack.botUserId}> bench-${index}`,
          channel,
          ts,
        });
        return { index, channel, sentAt, ackAt: Date.now() };
      }),
    );
    const finals = await Promise.all(
      sent.map(({ channel }) =>
        slack
          .waitForCall(
            (call) =>
              call.method === "files.completeUploadExternal" &&
              call.status === 200 &&
              call.args["channel_id"] === channel,
            { timeoutMs: hangAfterMs },
          )
          .catch(() => undefined),
      ),
    );
    const wallMs = Date.now() - startedAt;
    const memory = await child.memory();
    const overhead: number[] = [];
    const beyondQueue: number[] = [];
    sent.forEach(({ index, sentAt }, i) => {
      const final = finals[i];
      if (!final) return;
      overhead.push(final.receivedAt - sentAt - upstream.ms);
      const request = cometapi.requests.find((r) => r.body["prompt"] === `bench-${index}`);
      beyondQueue.push(final.receivedAt - (request?.receivedAt ?? sentAt) - upstream.ms);
    });
    const updates = slack.calls.filter((call) => call.method === "chat.update").length;
    return {
      bot: "imagine-bot",
      platform: "slack",
      n,
      upstreamMs: upstream.ms,
      ackMs: summarize(sent.map(({ sentAt, ackAt }) => ackAt - sentAt)),
      overheadMs: summarize(overhead),
      overheadBeyondQueueMs: summarize(beyondQueue),
      rateLimitAnswers: slack.calls.filter((call) => call.status === 429).length,
      editsPerMessage: n ? updates / n : 0,
      peakRssMb: memory.peakRssBytes / 2 ** 20,
      peakHeapMb: memory.peakHeapBytes / 2 ** 20,
      completed: finals.filter(Boolean).length,
      failed: 0,
      hung: finals.filter((final) => !final).length,
      wallMs,
    };
  } finally {
    await child.stop();
    await Promise.all([slack.close(), cometapi.close()]);
  }
}
