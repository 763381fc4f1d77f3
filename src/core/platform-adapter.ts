import type { RequestListener } from "node:http";
import type { Logger } from "pino";
import type { AcceptedJob, Imagine } from "./jobs/submission.ts";
import type { JobSink } from "./jobs/job-events.ts";
import type { InputImageAccess } from "./requests/input-image.ts";
import type { AdapterObserver } from "./jobs/job-observer.ts";
import type { JobRecord } from "./jobs/job-record.ts";
import type { Platform } from "./policy/actor.ts";
import type { ModerationEntry } from "./moderation/moderation-entry.ts";
import type { SettingChangeEntry } from "./settings/administer.ts";

/**
 * A platform connection: translates its events into core submissions and renders job events
 * back. Built by the composition root with everything it needs already injected.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Connects and starts taking requests. */
  start(): Promise<void>;
  /** Whether it is connected and taking requests, for /readyz. */
  isReady(): boolean;
  /** Disconnects. Called after the core has finished or stopped every job. */
  stop(): Promise<void>;
  /**
   * Tells a job's person that the process running it died before it finished: its message
   * edited (or, where that is out of reach, a new one) with a Retry button. Called at start,
   * once the adapter is connected, for each of its platform's jobs a previous run left open.
   */
  closeInterrupted(job: JobRecord): Promise<void>;
  /**
   * Finishes a job whose images were posted before the process running it died, where its last
   * word (the result's buttons) may not have landed. Left out by a platform whose delivery is
   * its last word.
   */
  finishDelivered?(job: JobRecord): Promise<void>;
  /**
   * Shows a job that another instance accepted and this one runs (Redis mode's shared queue): a
   * sink like the one the accepting instance's `openSink` returned, rebuilt from the job's record
   * (where its messages are, its language in `messageRefs.locale`), taking over from what that
   * one showed last. `job` is the job as this instance runs it (`note`, `holdEnd`, `cancel`).
   * Left out by an adapter that cannot: its platform's jobs then run only where they were accepted.
   */
  resumeSink?(record: JobRecord, job: AcceptedJob): JobSink | Promise<JobSink>;
  /** How this platform's files may be downloaded, for an edit that another instance accepted. */
  readonly inputAccess?: InputImageAccess;
  /** Posts a refusal for moderation in the mod-log channel the entry names. */
  postModlog(entry: ModerationEntry): Promise<void>;
  /** Posts a change of settings made in chat (who changed what, from what to what) in its mod-log channel. */
  postSettingChange(entry: SettingChangeEntry): Promise<void>;
  /** Posts one plain sentence for moderators (a low CometAPI balance) in a channel, pinging nobody. */
  postNotice(channelId: string, text: string): Promise<void>;
  /**
   * Requests that arrive on the bot's HTTP server under `/<platform>/` (Slack's HTTP mode at
   * `/slack/events`, Discord's HTTP interactions at `/discord/interactions`).
   */
  readonly httpListener?: RequestListener;
}

/** What the running bot gives every adapter: the core to submit to, and its services. */
export interface AdapterServices {
  readonly imagine: Imagine;
  readonly log: Logger;
  /** Where the adapter reports how fast people got their first answer. */
  readonly observer: AdapterObserver;
  /** The bot's clock (milliseconds since the epoch), e.g. for checking request timestamps; `Date.now` by default. */
  readonly now?: () => number;
  /**
   * True the first time `key` (a delivery's id, which the adapter names) is claimed within
   * `ttlMs`, across every instance of the bot on a shared store: a delivery the platform repeats,
   * to this instance or another, is acted on once. Never rejects: when the store cannot answer,
   * it answers true, and the request meets the store's own refusal (`store_unavailable`). The bot
   * always gives it; an adapter built without it remembers keys in its own process.
   */
  readonly claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
  /**
   * Answers looked up from the platform (who a person is, a group's members), kept for every
   * instance of the bot on a shared store, so one instance's look-up spares the others theirs.
   * Given only on a store shared by several instances; one process keeps its answers itself.
   */
  readonly sharedCache?: SharedCache;
}

/**
 * Values kept for a while for every instance, under keys the adapter names (`slack:user:U1`).
 * Never rejects: when the store cannot answer, a value is not cached and is not kept.
 */
export interface SharedCache {
  /** The value kept under `key`, or undefined when none is (or the store cannot say). */
  get(key: string): Promise<string | undefined>;
  /** Keeps `value` under `key` for `ttlMs` (or, when the store cannot, does nothing). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/**
 * What an adapter is built from: the bot's services and `config`, the adapter's own settings
 * with the shared ones it reads (never the whole configuration).
 */
export interface AdapterContext<Config> extends AdapterServices {
  readonly config: Config;
}

/** Builds one platform's adapter. */
export type AdapterFactory<Config> = (context: AdapterContext<Config>) => PlatformAdapter;

/** An adapter factory already given its settings, waiting for the bot's services. */
export type ConfiguredAdapter = (services: AdapterServices) => PlatformAdapter;
