import type { Summary } from "./stats.ts";

/** The figures of one run: one platform (or the yardstick bot), N requests at once. */
export interface RunResult {
  readonly bot: "imagine-bot" | "minimal discord.js";
  readonly platform: "discord" | "slack";
  readonly n: number;
  readonly upstreamMs: number;
  /** Request received → deferred callback (Discord) or event acked (Slack). */
  readonly ackMs: Summary;
  /** End to end minus the upstream time: the bot's own overhead, queue wait included. */
  readonly overheadMs: Summary;
  /** End to end minus upstream, counted from when CometAPI got the request: overhead beyond the queue. */
  readonly overheadBeyondQueueMs: Summary;
  readonly rateLimitAnswers: number;
  readonly editsPerMessage: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly completed: number;
  readonly failed: number;
  readonly hung: number;
  readonly wallMs: number;
}
