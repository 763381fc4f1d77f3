import type { Summary } from "./stats.ts";

export type BotKind = "imagine-bot" | "minimal discord.js";
export type Platform = "discord" | "slack";
/**
 * `load`: the main runs; `edit`: the same with each `/imagine` carrying an image to edit;
 * `zero-latency`: max throughput; `memory`: large, incompressible images.
 */
export type Scenario = "load" | "edit" | "zero-latency" | "memory";

/** The figures of one run: one bot on one platform, N requests sent at once. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly bot: BotKind;
  readonly platform: Platform;
  readonly n: number;
  readonly upstreamMs: number;
  /** The upstream's images, e.g. "1024x1024 PNG, 5 KB". */
  readonly images: string;
  /** Discord: interaction sent → deferral recorded by the fake. Slack: event sent → acked. */
  readonly ackMs: Summary;
  /** Sent → final message recorded, minus the upstream time: the bot's own cost, queue included. */
  readonly overheadMs: Summary;
  /** Sent → CometAPI got the request: time in the queue plus intake. */
  readonly toUpstreamMs: Summary;
  /** CometAPI got the request → final message, minus the upstream time: overhead beyond the queue. */
  readonly beyondQueueMs: Summary;
  /** The wait the platform's published limits imposed on each finished job (Slack's uploads a minute). */
  readonly limitWaitMs: Summary;
  /** Beyond the queue, minus that wait: the bot's own cost once both the queue and the limit let a job go. */
  readonly beyondLimitsMs: Summary;
  /** 429 answers (Discord) and `ratelimited` answers (Slack) the bot received. */
  readonly rateLimitAnswers: number;
  /** Successful edits of each job's message (Discord webhook PATCHes, Slack chat.update). */
  readonly editsPerMessage: { readonly mean: number; readonly max: number };
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly completed: number;
  /** A final message that is an error, not images. */
  readonly failed: number;
  /** No final message within the bound. */
  readonly hung: number;
  /** First request sent → last final message (or the bound). */
  readonly wallMs: number;
  readonly jobsPerSecond: number;
  /** Where the bot process's own log lines went. */
  readonly logFile: string;
}
