import type { Logger } from "pino";
import type { JobEvent, JobSink } from "../../src/core/jobs/job-events.ts";
import type { JobRecord } from "../../src/core/jobs/job-record.ts";
import { createImagine } from "../../src/core/jobs/imagine.ts";
import { createBullmqQueue } from "../../src/core/jobs/shared-queue/create-bullmq-queue.ts";
import type { JobResumer } from "../../src/core/jobs/shared-queue/create-shared-line.ts";
import type { SharedQueue } from "../../src/core/jobs/shared-queue/shared-queue.ts";
import type { AcceptedJob, Imagine, Submission } from "../../src/core/jobs/submission.ts";
import { createPolicy } from "../../src/core/policy/policy.ts";
import type { Actor } from "../../src/core/policy/actor.ts";
import type { ImageProvider } from "../../src/core/provider/types.ts";
import { createRedisStore, type RedisStore } from "../../src/core/store/redis/redis-store.ts";
import { settings } from "./create-core.ts";
import { controlledProvider } from "./controlled-provider.ts";
import { middayUtc } from "./fixed-clock.ts";
import { createChanges, type Changes } from "./wait-until.ts";

/** What a recording adapter saw of the jobs it was asked to show or close. */
export interface RecordingAdapter extends JobResumer {
  /** Each job this instance's worker showed, with the record it was resumed from and its events. */
  readonly resumed: Map<string, { readonly record: JobRecord; readonly events: JobEvent[] }>;
  /** The jobs it told their people were interrupted. */
  readonly closed: JobRecord[];
  readonly changes: Changes;
}

/** The event types a sink received, in order. */
export const typesOf = (events: readonly JobEvent[]) => events.map((event) => event.type);

/** An adapter that shows nothing and records everything: what it resumed, and what it closed. */
export function recordingAdapter(): RecordingAdapter {
  const changes = createChanges();
  const resumed = new Map<string, { record: JobRecord; events: JobEvent[] }>();
  const closed: JobRecord[] = [];
  return {
    resumed,
    closed,
    changes,
    resumeSink(record) {
      const events: JobEvent[] = [];
      resumed.set(record.id, { record, events });
      changes.changed();
      return (event) => {
        events.push(event);
        changes.changed();
      };
    },
    async closeInterrupted(record) {
      closed.push(record);
      changes.changed();
    },
  };
}

export interface SharedInstanceOptions {
  readonly url: string;
  /** The store's (and so the queue's) key prefix, the same for every instance of one bot. */
  readonly prefix: string;
  readonly log: Logger;
  /** Jobs its worker runs at once. Default 1. */
  readonly concurrency?: number;
  /** The instance's lease. Default 30 s. */
  readonly leaseMs?: number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Default: a controlled provider the test drives. */
  readonly provider?: ImageProvider;
  /** Jobs one person may hold at once. Default 3. */
  readonly maxQueuedPerUser?: number;
}

/** One instance of the bot's core on a shared Redis: its store, its queue's worker (not started), a recording adapter. */
export interface SharedInstance {
  readonly imagine: Imagine;
  readonly store: RedisStore;
  readonly queue: SharedQueue;
  readonly driver: ReturnType<typeof controlledProvider>;
  readonly adapter: RecordingAdapter;
  /** Each job this instance accepted, with the events its acknowledging sink received. */
  readonly acknowledged: Map<string, { readonly job: AcceptedJob; readonly events: JobEvent[] }>;
  /**
   * Submits a prompt for `actor`; its acknowledging sink records its events and, like Slack's,
   * notes where its message is (`ack: drawn`) without awaiting it, as it draws the hand-over.
   */
  submit(prompt: string, actor: Actor): Promise<Submission>;
  /** Shuts the core down (grace `graceMs`) and closes the store. */
  stop(graceMs?: number): Promise<void>;
}

export async function startSharedInstance(options: SharedInstanceOptions): Promise<SharedInstance> {
  const now = () => middayUtc;
  const store = await createRedisStore(options.url, {
    prefix: options.prefix,
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  });
  const queue = await createBullmqQueue({
    url: options.url,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 1,
    ...(options.lockDurationMs !== undefined && { lockDurationMs: options.lockDurationMs }),
    ...(options.stalledIntervalMs !== undefined && { stalledIntervalMs: options.stalledIntervalMs }),
    log: options.log,
  });
  const driver = controlledProvider();
  const adapter = recordingAdapter();
  const imagine = createImagine({
    settings,
    concurrency: options.concurrency ?? 1,
    provider: options.provider ?? driver.provider,
    policy: createPolicy({
      access: {},
      cooldownSeconds: 0,
      dailyLimitPerUser: 0,
      maxQueuedPerUser: options.maxQueuedPerUser ?? 3,
      now,
      store,
    }),
    jobs: store,
    log: options.log,
    now,
    shared: { queue, store: store.sharedJobs, adapterOf: () => adapter },
  });
  const acknowledged = new Map<string, { job: AcceptedJob; events: JobEvent[] }>();
  let stopped: Promise<void> | undefined;
  return {
    imagine,
    store,
    queue,
    driver,
    adapter,
    acknowledged,
    submit(prompt, actor) {
      return imagine.submit({
        request: { prompt },
        actor,
        openSink(job): JobSink {
          const events: JobEvent[] = [];
          acknowledged.set(job.jobId, { job, events });
          adapter.changes.changed();
          return (event) => {
            events.push(event);
            if (event.type === "handedOver") void job.note({ messageRefs: { ack: "drawn" } });
            adapter.changes.changed();
          };
        },
      });
    },
    stop(graceMs = 1000) {
      stopped ??= (async () => {
        await imagine.shutdown(graceMs);
        await store.close();
      })();
      return stopped;
    },
  };
}
