import type { Platform } from "../policy/actor.ts";
import type { GenerationRequest } from "../requests/request.ts";
import type { TokenUsage } from "../provider/types.ts";

/**
 * Where a job stands. `queued` and `running` are the only states a live process moves on from;
 * a job left in either by a process that died is closed as `interrupted` (see JobStore).
 */
export type JobStatus = "queued" | "running" | "done" | "failed" | "interrupted" | "deleted";

/**
 * Where a job's messages live on its platform: written by the adapter, opaque to the core
 * (Discord: the interaction's token and application, the reply's id; Slack: the thread and the
 * placeholder's ts). Never bytes, never secrets the bot holds.
 */
export type MessageRefs = Readonly<Record<string, string>>;

/** What the job took from the counters, so a job that never ended can give it back. */
export interface ClaimRecord {
  readonly userKey: string;
  readonly workspaceKey?: string;
  readonly day: string;
  readonly at: number;
  readonly images: number;
  readonly cooldownMs: number;
  /** The person's last job before this one, so their cooldown can be put back. */
  readonly previousJobAt?: number;
  /** Millionths of a dollar held against the budgets until the job's cost is known. */
  readonly reserveMicroUsd?: number;
  /** The reserve is the job's real cost: CometAPI was paid, so nothing gives it back. */
  readonly settled?: boolean;
}

/** One request as the store keeps it, from acceptance until retention drops it. */
export interface JobRecord {
  readonly id: string;
  readonly platform: Platform;
  /** Discord guild or Slack team; absent in a Discord direct message. */
  readonly workspaceId?: string;
  readonly channelId: string;
  /** Who asked (for a button, who clicked). */
  readonly userId: string;
  /** The request as it runs, the operator's defaults filled in (the prompt among them). */
  readonly request: GenerationRequest;
  /** The job a Reroll, Vary, Bigger or Retry started from. */
  readonly parentId?: string;
  readonly status: JobStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messageRefs: MessageRefs;
  /** The posted images as the platform names them (URLs or file ids). */
  readonly imageRefs: readonly string[];
  /** Why it failed or was interrupted. */
  readonly errorCode?: string;
  /** What it took from the counters; absent once given back. */
  readonly claim?: ClaimRecord;
  /** What the job cost in US dollars, once known and priced (absent: unpriced, or nothing made). */
  readonly costUsd?: number;
  /** The tokens CometAPI billed for it, when its answer said. */
  readonly usage?: TokenUsage;
}

/** What changes as a job moves: every field optional but the time of the change. */
export interface JobChange {
  readonly status?: JobStatus;
  readonly updatedAt: number;
  /** Merged into the refs already recorded. */
  readonly messageRefs?: MessageRefs;
  readonly imageRefs?: readonly string[];
  readonly errorCode?: string;
  readonly usage?: TokenUsage;
  readonly costUsd?: number;
}

/**
 * The job rows of a Store. Each call is one durable transaction.
 *
 * Which process a job belongs to. An embedded engine (memory, SQLite) serves one bot process per
 * store: at start every unfinished row is a dead process's. A shared engine (Redis) serves many
 * instances at once: each row it writes records the instance that runs it (its lease id), and
 * only the rows of instances whose lease ran out are anyone else's to close.
 *
 * An interrupted job's error code says whether its person was told: `restarted` (not yet),
 * `telling` (claimed by `claimUntoldJob`: one instance is telling them now), `interrupted` (told,
 * or tried).
 */
export interface JobStore {
  /** Inserts a job (a claim's job is inserted by `take` instead, in the same transaction). */
  createJob(job: JobRecord): Promise<void>;
  updateJob(id: string, change: JobChange): Promise<void>;
  findJob(id: string): Promise<JobRecord | undefined>;
  /**
   * Jobs left `queued` or `running` by a process that is gone, oldest first. Embedded engines:
   * every such row (asked at start, before this process takes any job). Shared engines: the rows
   * whose instance's lease ran out, or that name no instance; never a live instance's.
   */
  unfinishedJobs(): Promise<readonly JobRecord[]>;
  /**
   * Makes this store instance the one that closes an unfinished job a gone process left (one
   * whose images were posted, so it is finished rather than interrupted), so no other instance's
   * recovery takes it too. True when it did; false when the job is finished, unknown, or a live
   * instance holds it. Embedded engines: true while the job is unfinished.
   */
  adoptJob(id: string): Promise<boolean>;
  /**
   * Jobs interrupted by a restart whose person has not been told yet (error code `restarted`,
   * or `telling` by an instance that is gone), oldest first: a start that dies before telling
   * them leaves them for the next one.
   */
  untoldJobs(): Promise<readonly JobRecord[]>;
  /**
   * Claims the telling of an untold job: its error code goes from `restarted` to `telling`, once,
   * whatever number of instances ask at the same moment; true for the one that got it. A shared
   * engine lets another instance claim it again once the claimer's lease ran out; an embedded one
   * gives the claims of a dead process back when it opens.
   */
  claimUntoldJob(id: string): Promise<boolean>;
  /** One person's latest jobs on a platform, newest first (deleted ones included). */
  recentJobs(platform: Platform, userId: string, limit: number): Promise<readonly JobRecord[]>;
  /**
   * Marks a job `interrupted` and gives back its claim (images, and the cooldown unless a later
   * job restarted it) in one transaction; false when it was no longer queued or running.
   */
  interruptJob(id: string, at: number, errorCode: string): Promise<boolean>;
  /** Deletes the rows of jobs created before `before`; returns how many went. */
  pruneJobs(before: number): Promise<number>;
}
