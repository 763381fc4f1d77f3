import type { Platform } from "../policy/actor.ts";
import type { JobRecord } from "../jobs/job-record.ts";
import type { SettingChange, StoredSetting } from "../settings/settings-store.ts";

/** The counters of an embedded engine, read and written synchronously. */
export interface CounterAccess {
  lastJobAt(key: string): number | undefined;
  setLastJobAt(key: string, at: number): void;
  imagesOn(key: string, day: string): number;
  /** Adds (or with a negative number, gives back) images; a count never goes below 0. */
  addImages(key: string, day: string, count: number): void;
  /** What `key` made and spent in `period` (a UTC day, or a month "2026-12"). */
  ledgerOf(key: string, period: string): LedgerLine;
  /** Adds (or gives back) spending and images; neither goes below 0. */
  addToLedger(key: string, period: string, change: Partial<LedgerLine>): void;
  /** The keys starting with `prefix` that spent most in `period`, most first. */
  topOfLedger(period: string, prefix: string, limit: number): (LedgerLine & { readonly key: string })[];
}

/** Images made and millionths of a US dollar spent, by one key in one period. */
export interface LedgerLine {
  readonly microUsd: number;
  readonly images: number;
}

/** The job rows of an embedded engine, read and written synchronously, as they are stored. */
export interface JobTable {
  /** Adds a row; throws when a job with this id exists already. */
  insert(job: JobRecord): void;
  /** Writes every field of the row with this job's id. */
  replace(job: JobRecord): void;
  find(id: string): JobRecord | undefined;
  /** Rows `queued` or `running`, oldest first. */
  unfinished(): JobRecord[];
  /** Rows `interrupted` with the error code `restarted`, oldest first. */
  untold(): JobRecord[];
  /** One person's rows on a platform, newest first, at most `limit`. */
  recent(platform: Platform, userId: string, limit: number): JobRecord[];
  /** Deletes the rows created before `before`; returns how many went. */
  prune(before: number): number;
}

/** The settings made in chat, of an embedded engine, read and written synchronously. */
export interface SettingsTable {
  inScopes(scopes: readonly string[]): StoredSetting[];
  /** Writes or removes one setting; answers the value it replaced. */
  change(change: SettingChange): string | undefined;
}

/**
 * What an embedded engine (memory, SQLite) hands `createEmbeddedStore`: its tables, and how it
 * runs one Store call. The Store's logic over them (limits, claims, job changes) is shared.
 */
export interface StoreTables {
  readonly counters: CounterAccess;
  readonly jobs: JobTable;
  readonly settings: SettingsTable;
  /**
   * Runs one writing call in a transaction that holds the write lock from its start, so what it
   * reads stays true until it commits, in this process and any other on the same file; resolves
   * once it is committed. A call that throws leaves nothing of itself behind. An engine may commit
   * several calls together (see createWriteBatcher); each still runs whole, one after another.
   */
  write<T>(work: () => T): Promise<T>;
  /** Runs one reading call. */
  read<T>(work: () => T): T;
  close(): void;
}
