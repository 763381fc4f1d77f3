import type { JobRecord, JobStore } from "../jobs/job-record.ts";
import type { Claim, TakeResult, TakenClaim } from "./claim.ts";
import type { LedgerLine } from "./store-tables.ts";
import type { SettingsStore } from "../settings/settings-store.ts";
import type { SharedJobStore } from "../jobs/shared-queue/shared-job-store.ts";

/**
 * What must outlive one request: the job rows, and the counters (when someone last started a
 * job, how many images they made today, how many jobs they hold now). The policy goes through
 * `take`, `release` and `refund`; the single counters are read and written directly only by tests.
 * The settings admins make in chat live here too.
 */
export interface Store extends JobStore, SettingsStore {
  lastJobAt(key: string): Promise<number | undefined>;
  setLastJobAt(key: string, at: number): Promise<void>;
  /** Images counted for this key on this UTC day ("2026-11-25"). */
  imagesOn(key: string, day: string): Promise<number>;
  /** Adds (or with a negative number, gives back) images for this key and day. */
  addImages(key: string, day: string, count: number): Promise<void>;
  /**
   * Checks every limit of the claim and, only when all of them allow it, takes it: one more job
   * held by the person, their cooldown started, the images counted for them and their workspace.
   * Check and take are one atomic step, so simultaneous claims never pass a limit together; an
   * engine shared by several processes must keep it atomic across them. With `job`, the job row
   * is inserted in the same transaction (its `claim` filled in from this one), so no claim is
   * ever taken for a job the store does not know.
   */
  take(claim: Claim, job?: JobRecord): Promise<TakeResult>;
  /** The claim's job has ended: its place among the person's jobs held is free again. */
  release(taken: TakenClaim): Promise<void>;
  /** Gives a claim's images back, and its cooldown unless a later claim has started it anew. */
  refund(taken: TakenClaim): Promise<void>;
  /**
   * The claim's job cost `costMicroUsd`: the spending held for it becomes that (the job's row
   * holds the new figure, so a restart gives back what was really counted).
   */
  settle(taken: TakenClaim, costMicroUsd: number): Promise<void>;
  /** What this key made and spent in this period (a UTC day, or a month "2026-12"). */
  ledgerOf(key: string, period: string): Promise<LedgerLine>;
  /** The keys starting with `prefix` that spent most in `period`, most first. */
  topOfLedger(
    period: string,
    prefix: string,
    limit: number,
  ): Promise<(LedgerLine & { readonly key: string })[]>;
  /**
   * True the first time `key` is claimed within `ttlMs`, false for a repeat: a delivery that
   * arrives twice (a platform's retry) is acted on once. A shared engine answers for every
   * instance; an embedded one remembers in this process (one process per store).
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /**
   * The value kept under `key` by `cacheSet`, or undefined when none is (never set, or its time
   * ran out): answers an instance looked up from a platform, for every instance. Left out by the
   * embedded engines, whose one process keeps such answers in its own memory.
   */
  cacheGet?(key: string): Promise<string | undefined>;
  /** Keeps `value` under `key` for `ttlMs`, for every instance's `cacheGet`; left out with it. */
  cacheSet?(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Whether the store answers now, for /readyz: left out by engines that cannot lose their
   * connection (memory, SQLite). While false every call is refused with StoreUnavailableError.
   */
  isReady?(): boolean;
  /**
   * A shared engine's side of the queue every instance shares (see SharedJobStore); left out by
   * the embedded engines, whose one process keeps its queue in memory.
   */
  readonly sharedJobs?: SharedJobStore;
  close(): Promise<void>;
}
