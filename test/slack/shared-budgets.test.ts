import { webApi } from "@slack/bolt";
import { Agent } from "undici";
import { afterAll, afterEach, expect, it } from "vitest";
import type { AcceptedJob } from "../../src/core/jobs/submission.ts";
import { createFileSender } from "../../src/slack/deliver/create-file-sender.ts";
import { createThreadSink } from "../../src/slack/deliver/create-thread-sink.ts";
import { createPendingEdits } from "../../src/slack/deliver/pending-edits.ts";
import { createSlackBudgets } from "../../src/slack/deliver/slack-budgets.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog } from "../support/capture-log.ts";
import { english } from "../../src/core/i18n/messages.ts";

let slack: FakeSlack | undefined;
const pool = new Agent();
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});
afterAll(() => pool.close());

const image = { bytes: makePng(4, 4, [1, 2, 3]), mimeType: "image/png" as const };
const accepted = (jobId: string): AcceptedJob => ({
  jobId,
  request: { prompt: jobId, model: "gpt-image-1", size: "1024x1024", count: 1, outputFormat: "png" },
  previews: 3,
  spoiler: false,
  cancel: () => undefined,
  note: async () => undefined,
  holdEnd: () => undefined,
});

it("keeps many jobs' edits within the workspace's chat.update limit, every job getting its last word", async () => {
  // A scaled-down Tier 3: 5 edits per 400 ms, enforced by the fake; the bot counts over a bit more.
  slack = await startFakeSlack({ rateLimits: { "chat.update": { limit: 5, windowMs: 400 } } });
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  // The real clock: the fake counts its windows on it too.
  const budgets = createSlackBudgets(Date.now, {
    updates: { limit: 5, windowMs: 500 },
    uploads: { limit: 100, windowMs: 60_000 },
    previews: { limit: 20, windowMs: 60_000 },
  });
  const { log } = captureLog();
  const channels = ["C1", "C2", "C3", "C4", "C5", "C6"];
  const pendingEdits = createPendingEdits();

  await Promise.all(
    channels.map(async (channel) => {
      const sink = createThreadSink(accepted(channel), {
        client,
        sendFileBytes: createFileSender(pool),
        log,
        channelId: channel,
        userId: "U1",
        messages: english,
        threadTs: "1700000000.000100",
        tell: async () => undefined,
        intervalMs: 0,
        tickMs: 60_000,
        budgets,
        pendingEdits,
        now: Date.now,
      });
      await sink({ type: "started" });
      for (let index = 0; index < 3; index++) await sink({ type: "partial", index, image });
      await sink({ type: "completed", images: [image], elapsedMs: 1000 });
    }),
  );
  await pendingEdits.settled(10_000);

  expect(slack.calls.filter((call) => call.status === 429)).toEqual([]);
  for (const channel of channels) {
    const placeholder = slack.messagesIn(channel).find((message) => !message.files)!;
    expect(placeholder.text).toMatch(/^:white_check_mark: Done/);
  }
  expect(slack.uploads).toHaveLength(channels.length);
});
