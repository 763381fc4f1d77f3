import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/core/jobs/job-record.ts";
import { closeInterrupted } from "../../src/slack/deliver/close-interrupted.ts";
import { finishDelivered } from "../../src/slack/deliver/finish-delivered.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { captureLog } from "../support/capture-log.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { alice, buttonsIn, channel, hasImages, png, startHarness, type Harness } from "./harness.ts";

let slack: FakeSlack | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  await Promise.all([slack?.close(), harness?.stop()]);
  slack = undefined;
  harness = undefined;
});

const interrupted =
  ":warning: The bot restarted before your image was finished. Press Retry to make it again.";

/** A job a previous run left unfinished, as recovery hands it to the adapter. */
function leftJob(id: string, messageRefs: Record<string, string>): JobRecord {
  return {
    id,
    platform: "slack",
    workspaceId: "T0FAKE0001",
    channelId: channel,
    userId: alice,
    request: {
      prompt: "a lighthouse",
      model: "gpt-image-1",
      size: "1024x1024",
      count: 1,
      outputFormat: "png",
    },
    status: "interrupted",
    createdAt: middayUtc,
    updatedAt: middayUtc,
    messageRefs,
    imageRefs: [],
    errorCode: "interrupted",
  };
}

/** The fake Slack, the bot's WebClient against it (no retries), and a log to read. */
async function setUp() {
  slack = await startFakeSlack();
  const client = new webApi.WebClient(slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  return { slack, client, log: captureLog() };
}

/** Posts a message as the bot, as a previous run would have; resolves with its ts. */
async function post(client: webApi.WebClient, text: string, threadTs?: string): Promise<string> {
  const posted = await client.chat.postMessage({ channel, text, ...(threadTs && { thread_ts: threadTs }) });
  return posted.ts!;
}

/** A preview a previous run shared into the thread and never deleted; resolves with its id. */
async function leftPreview(client: webApi.WebClient, threadTs: string): Promise<string> {
  const bytes = png.preview1;
  const granted = await client.files.getUploadURLExternal({ filename: "preview.png", length: bytes.length });
  await fetch(granted.upload_url!, { method: "POST", body: bytes });
  await client.files.completeUploadExternal({
    files: [{ id: granted.file_id!, title: "Preview" }],
    channel_id: channel,
    thread_ts: threadTs,
  });
  return granted.file_id!;
}

const retryFor = (id: string) => [{ action_id: `imagine:retry:${id}`, value: id, label: "🔁 Retry" }];

describe("closing a job a restart interrupted", () => {
  it("edits the job's placeholder into the interrupted sentence with a Retry button", async () => {
    const { slack, client, log } = await setUp();
    const threadTs = slack.newTs();
    const placeholderTs = await post(client, ":art: Drawing your image… (12 s)", threadTs);
    const preview = await leftPreview(client, threadTs);

    await closeInterrupted(
      client,
      leftJob("job-1", { threadTs, placeholderTs, previewFiles: preview }),
      log.log,
    );

    const [placeholder] = slack.messagesIn(channel, threadTs);
    expect(placeholder).toMatchObject({ ts: placeholderTs, text: interrupted });
    expect(buttonsIn(placeholder)).toEqual(retryFor("job-1"));
    // The preview it was showing is deleted, and with it the message that shared it.
    expect(slack.fileExists(preview)).toBe(false);
    expect(slack.messagesIn(channel, threadTs)).toHaveLength(1);
  });

  it("posts in the thread when the job never got a placeholder, or it is gone", async () => {
    const { slack, client, log } = await setUp();
    const threadTs = slack.newTs();

    await closeInterrupted(client, leftJob("job-2", { threadTs }), log.log);
    await closeInterrupted(
      client,
      leftJob("job-3", { threadTs, placeholderTs: "1600000000.000100" }),
      log.log,
    );

    const thread = slack.messagesIn(channel, threadTs);
    expect(thread.map((message) => message.text)).toEqual([interrupted, interrupted]);
    expect(thread.map((message) => buttonsIn(message))).toEqual([retryFor("job-2"), retryFor("job-3")]);
    expect(log.records()).toContainEqual(
      expect.objectContaining({
        jobId: "job-3",
        slackError: "message_not_found",
        step: "edit the placeholder",
      }),
    );
  });

  it("tells the requester privately when there is no thread to answer in", async () => {
    const { slack, client, log } = await setUp();

    await closeInterrupted(client, leftJob("job-4", {}), log.log);

    const [told] = slack.ephemeralsFor(channel, alice);
    expect(told?.text).toBe(interrupted);
    expect(buttonsIn(told)).toEqual(retryFor("job-4"));
    expect(slack.messagesIn(channel)).toEqual([]);
  });

  it("logs each way that failed, then rejects, when Slack takes none of them", async () => {
    const { slack, client, log } = await setUp();
    slack.failNext("chat.update", { error: "channel_not_found" });
    slack.failNext("chat.postMessage", { error: "channel_not_found" });
    slack.failNext("chat.postEphemeral", { error: "channel_not_found" });

    await expect(
      closeInterrupted(client, leftJob("job-5", { threadTs: "1.1", placeholderTs: "1.2" }), log.log),
    ).rejects.toThrow();

    expect(
      log
        .records()
        .filter((record) => record["jobId"] === "job-5")
        .map((record) => record["step"]),
    ).toEqual(["edit the placeholder", "post in the thread", "tell the person privately"]);
  });

  it("lets the requester Retry the interrupted job from the edited placeholder", async () => {
    // The bot runs a minute after the previous run recorded the job.
    harness = await startHarness({ now: () => middayUtc + 60_000 });
    const { slack, cometapi, store, bot } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const client = new webApi.WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const threadTs = slack.newTs();
    const placeholderTs = await post(client, ":art: Drawing your image…", threadTs);
    const job = leftJob("0b7c2a9e-4a43-4c4f-9a59-7f5b1a1f0c11", { threadTs, placeholderTs });
    await store.createJob(job);

    await bot.adapters.find((adapter) => adapter.platform === "slack")!.closeInterrupted(job);
    const [placeholder] = slack.messagesIn(channel, threadTs);
    expect(placeholder?.text).toBe(interrupted);
    await harness.click(placeholder!, "retry", alice);
    await harness.waitForThread(channel, threadTs, hasImages);

    expect(cometapi.requests[0]?.body).toMatchObject({ prompt: "a lighthouse", size: "1024x1024" });
    const [retried] = await store.recentJobs("slack", alice, 1);
    expect(retried).toMatchObject({ parentId: job.id, messageRefs: { threadTs } });
  });
});

describe("finishing a job whose images a dead process posted", () => {
  it("edits the placeholder left at uploading into the result's last word with its four buttons", async () => {
    const { slack, client, log } = await setUp();
    const threadTs = slack.newTs();
    const placeholderTs = await post(client, ":outbox_tray: Uploading…", threadTs);
    const previews = [await leftPreview(client, threadTs), await leftPreview(client, threadTs)];
    const job = {
      ...leftJob("job-9", { threadTs, placeholderTs, previewFiles: previews.join(",") }),
      status: "running" as const,
      imageRefs: ["F1"],
      updatedAt: middayUtc + 12_000,
    };

    await finishDelivered(client, job, log.log);

    const [placeholder] = slack.messagesIn(channel, threadTs);
    expect(placeholder).toMatchObject({
      ts: placeholderTs,
      text: ":white_check_mark: Done in 12.0 s. Your image is below.",
    });
    expect(buttonsIn(placeholder).map((button) => button.action_id)).toEqual(
      ["reroll", "vary", "bigger", "delete"].map((action) => `imagine:${action}:job-9`),
    );
    // The previews it had shown are gone from the workspace's files.
    expect(previews.map((file) => slack.fileExists(file))).toEqual([false, false]);
  });
});
