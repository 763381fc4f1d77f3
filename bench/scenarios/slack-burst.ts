import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { slackMethodLimits } from "../../src/slack/deliver/slack-budgets.ts";
import { startFakeSlack, type RecordedCall } from "../../test/fakes/slack/index.ts";
import { botEnv } from "../bot-env.ts";
import { computeLimitWaits } from "../compute-limit-waits.ts";
import type { Upstream } from "../make-upstream.ts";
import type { RunResult, Scenario } from "../result.ts";
import { startChild, type ChildSetup } from "../start-child.ts";
import { startUpstream } from "../start-upstream.ts";
import { summarizeJobs, type JobTrace } from "../summarize-jobs.ts";

/**
 * Slack's published limits as the fake enforces them, per workspace unless marked per channel:
 * chat.update is Tier 3 (50 a minute), chat.postMessage about one a second per channel with short
 * bursts allowed, chat.postEphemeral Tier 4, the two files.uploadV2 methods and files.info Tier 4
 * (100 a minute), chat.delete and files.delete Tier 3.
 */
export const slackRateLimits = {
  "chat.update": { limit: 50, windowMs: 60_000 },
  "chat.postMessage": { limit: 5, windowMs: 5000, perChannel: true },
  "chat.postEphemeral": { limit: 100, windowMs: 60_000 },
  "files.getUploadURLExternal": { limit: 100, windowMs: 60_000 },
  "files.completeUploadExternal": { limit: 100, windowMs: 60_000 },
  // What a live preview costs besides its upload: the share looked up, its message and file deleted.
  "files.info": { limit: 100, windowMs: 60_000 },
  "chat.delete": { limit: 50, windowMs: 60_000 },
  "files.delete": { limit: 50, windowMs: 60_000 },
};

export interface SlackBurstSpec {
  readonly scenario: Scenario;
  readonly n: number;
  readonly upstream: Upstream;
  readonly hangAfterMs: number;
  readonly setup: ChildSetup;
}

const channelOf = (call: RecordedCall) => String(call.args["channel_id"] ?? call.args["channel"] ?? "");
/** A job's result posted: its images (`imagine-1.png`, …) shared, not a preview. */
const isUploadDone = (call: RecordedCall) =>
  call.method === "files.completeUploadExternal" &&
  call.status === 200 &&
  (call.response as { ok?: boolean })?.ok === true &&
  sharedFiles(call).some((file) => file.title?.startsWith("imagine-"));
const isFailureText = (call: RecordedCall) =>
  (call.method === "chat.update" || call.method === "chat.postMessage") &&
  call.status === 200 &&
  String(call.args["text"] ?? "").startsWith(":warning:");

/** The files a `files.completeUploadExternal` shares (the WebClient sends them as JSON). */
function sharedFiles(call: RecordedCall): { id?: string; title?: string }[] {
  try {
    const files: unknown = JSON.parse(String(call.args["files"] ?? "[]"));
    return Array.isArray(files) ? (files as { id?: string; title?: string }[]) : [];
  } catch {
    return [];
  }
}

const sharedFileIds = (call: RecordedCall) => sharedFiles(call).map((file) => String(file.id));

/**
 * When Slack received each job's first `files.getUploadURLExternal` (the first of its calls that
 * Slack's upload limit counts), by channel: found through the file ids its upload shared.
 */
function uploadCallTimes(calls: readonly RecordedCall[]): Map<string, number> {
  const grantedAt = new Map<string, number>();
  for (const call of calls) {
    const fileId = (call.response as { file_id?: unknown } | undefined)?.file_id;
    if (call.method === "files.getUploadURLExternal" && call.status === 200 && typeof fileId === "string") {
      grantedAt.set(fileId, call.receivedAt);
    }
  }
  const byChannel = new Map<string, number>();
  for (const call of calls) {
    if (!isUploadDone(call)) continue;
    const times = sharedFileIds(call).flatMap((id) => grantedAt.get(id) ?? []);
    if (times.length > 0) byChannel.set(channelOf(call), Math.min(...times));
  }
  return byChannel;
}

/**
 * Slack lets one workspace upload 100 files a minute (Tier 4): past the first 100, each further
 * hundred jobs can't finish sooner than a window later. The hung bound grows by that much (the
 * warm-up job uploads nothing).
 */
export function slackUploadWaitMs(n: number): number {
  const { limit, windowMs } = slackMethodLimits.uploads;
  return Math.floor(Math.max(0, n - 1) / limit) * windowMs;
}

/** N people mention the bot at the same moment, each in a channel of their own (Socket Mode). */
export async function runSlackBurst(spec: SlackBurstSpec): Promise<RunResult> {
  const { n, upstream } = spec;
  const hangAfterMs = spec.hangAfterMs + slackUploadWaitMs(n);
  const slack = await startFakeSlack({ rateLimits: slackRateLimits });
  const cometapi = await startUpstream(upstream);
  const name = `${spec.scenario}-slack-imagine-bot-n${n}`;
  const logFile = join(spec.setup.logDir, `${name}.log`);
  const child = await startChild(
    "bot-process.ts",
    {
      ...botEnv(cometapi.baseUrl, upstream, spec.scenario),
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
    },
    { ...spec.setup, name },
  ).catch(async (error: unknown) => {
    await Promise.all([slack.close(), cometapi.close()]);
    throw error;
  });
  try {
    await slack.socketConnected();
    // One job first, not measured: the first request pays for lazy loading and cold connections.
    // It is refused upstream, so it uses none of the workspace's uploads.
    cometapi.refuseNextAtOnce();
    await slack.sendEvent({
      type: "app_mention",
      user: "U0WARMUP",
      text: `<@${slack.botUserId}> warm-up`,
      channel: "C0WARMUP",
      ts: slack.newTs(),
    });
    await slack
      .waitForCall((call) => channelOf(call) === "C0WARMUP" && isFailureText(call), { timeoutMs: 15_000 })
      .catch(() => undefined);
    child.resetMemory();
    const startedAt = Date.now();
    const channels = Array.from({ length: n }, (_, index) => `C0BENCH${String(index).padStart(4, "0")}`);
    const finals = new Map<string, RecordedCall>();
    const allFinal = slack
      .waitForCall(
        (call) => {
          const channel = channelOf(call);
          if (
            !finals.has(channel) &&
            channel.startsWith("C0BENCH") &&
            (isUploadDone(call) || isFailureText(call))
          )
            finals.set(channel, call);
          return finals.size === n;
        },
        { timeoutMs: hangAfterMs },
      )
      .catch(() => undefined);
    const sent = await Promise.all(
      channels.map(async (channel, index) => {
        const sentAt = Date.now();
        const acked = await slack
          .sendEvent(
            {
              type: "app_mention",
              user: `U0BENCH${String(index).padStart(4, "0")}`,
              text: `<@${slack.botUserId}> bench-${index}`,
              channel,
              ts: slack.newTs(),
            },
            { timeoutMs: hangAfterMs },
          )
          .then(
            () => Date.now(),
            () => undefined,
          );
        return { index, channel, sentAt, ackAt: acked };
      }),
    );
    await allFinal;
    const endedAt = Date.now();
    // Let the edits that follow the final message (Slack's "Done") land before counting.
    await sleep(250);
    const memory = await child.memory();

    const updates = new Map<string, number>();
    for (const call of slack.calls) {
      if (call.method !== "chat.update" || call.status !== 200) continue;
      updates.set(channelOf(call), (updates.get(channelOf(call)) ?? 0) + 1);
    }
    const traces = sent.map(({ index, channel, sentAt, ackAt }) => {
      const final = finals.get(channel);
      const upstreamStart = cometapi.arrivalOf(`bench-${index}`);
      return {
        sentAt,
        ...(ackAt !== undefined && { ackAt }),
        ...(upstreamStart !== undefined && { upstreamAt: upstreamStart }),
        ...(final && { finalAt: final.receivedAt }),
        failed: final !== undefined && !isUploadDone(final),
        edits: updates.get(channel) ?? 0,
      };
    });
    // Each job uploads its one image once it is ready; a failed job uploads nothing. The limit is
    // Slack's published 100 a minute as the bot keeps to it (over 62 s, since Slack counts a call
    // when it arrives), anchored on the upload calls Slack received: jobs past the first 100 are
    // not charged for Slack's minute, nor a second time for the job a window ahead of them.
    const calledAt = uploadCallTimes(slack.calls);
    const waits = computeLimitWaits(
      sent.map(({ index, channel }) => {
        const job = traces[index]!;
        const called = calledAt.get(channel);
        return {
          ...(job.upstreamAt !== undefined && !job.failed && { readyAt: job.upstreamAt + upstream.ms }),
          ...(called !== undefined && { calledAt: called }),
        };
      }),
      slackMethodLimits.uploads,
    );
    const jobs: JobTrace[] = traces.map((job, index) => ({ ...job, limitWaitMs: waits[index]! }));
    return {
      scenario: spec.scenario,
      bot: "imagine-bot",
      platform: "slack",
      n,
      upstreamMs: upstream.ms,
      images: upstream.description,
      ...summarizeJobs(jobs, upstream.ms, startedAt, endedAt),
      rateLimitAnswers: slack.calls.filter((call) => call.status === 429 && call.receivedAt >= startedAt)
        .length,
      peakRssMb: memory.peakRssBytes / 2 ** 20,
      peakHeapMb: memory.peakHeapBytes / 2 ** 20,
      logFile,
    };
  } finally {
    await child.stop();
    await Promise.all([slack.close(), cometapi.close()]);
  }
}
