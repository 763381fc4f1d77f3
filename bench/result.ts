import type { Summary } from "./stats.ts";

export type BotKind = "imagine-bot" | "minimal discord.js";
export type Platform = "discord" | "slack";
/**
 * `load`: the main runs; `edit`: the same with each `/imagine` carrying an image to edit;
 * `zero-latency`: max throughput; `memory`: large, incompressible images.
 */
export type Scenario = "load" | "edit" | "zero-latency" | "memory";
/**
 * Every kind of run `--scenario` selects: the burst runs above, and the two scale-out runs,
 * `http-interactions` (ack latency of Discord's HTTP interactions under open-loop load) and
 * `instances` (jobs a second of one against two bot processes on one Redis).
 */
export type BenchScenario = Scenario | "http-interactions" | "instances";

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

/** Acknowledgements of requests sent open-loop: each at its scheduled time, timed from that time. */
export interface AckFigures {
  /** Requests sent. */
  readonly sent: number;
  /** Scheduled time → the whole HTTP answer received; a request given up counts at the timeout. */
  readonly ackMs: Summary;
  /** Answered with a status other than 2xx, or whose connection failed. */
  readonly non2xx: number;
  /** Answered 2xx, but not with a deferral (`{"type":5}`). */
  readonly notDeferred: number;
  /** No whole answer within the timeout of their scheduled time. */
  readonly timedOut: number;
  /**
   * Scheduled time → handed to the socket pool: the load generator's own lag. Large values mean
   * the generator, not the server, fell behind (its latency still counts from the schedule).
   */
  readonly sendLagMs: Summary;
}

/** The `http-interactions` run: imagine-bot in DISCORD_MODE=http beside the minimal server. */
export interface InteractionsResult {
  readonly scenario: "http-interactions";
  readonly ratePerSecond: number;
  readonly durationS: number;
  /** A request with no whole answer this long after its scheduled time is given up (Discord's 3 s). */
  readonly timeoutMs: number;
  readonly bot: AckFigures & {
    /** Jobs whose result reached the fake Discord by the time the last answer came. */
    readonly jobsDone: number;
    readonly peakRssMb: number;
    readonly peakHeapMb: number;
    readonly logFile: string;
  };
  /** A node:http server that only checks the signature and answers `{"type":5}`: the floor. */
  readonly floor: AckFigures;
}

/** One `instances` run: N bot processes on one Redis, the same load spread evenly over them. */
export interface InstancesResult {
  readonly scenario: "instances";
  readonly instances: number;
  /** Why the run was not made (no Redis); the figures are then empty. */
  readonly skipped?: string;
  readonly ratePerSecond: number;
  readonly acks: AckFigures;
  readonly completed: number;
  readonly failed: number;
  readonly hung: number;
  /** First request's scheduled time → the last result recorded (or the bound). */
  readonly wallMs: number;
  /** Completed jobs / wall time. */
  readonly jobsPerSecond: number;
  readonly logFiles: readonly string[];
}

/** Whatever one planned run yields. */
export type BenchResult = RunResult | InteractionsResult | InstancesResult;
