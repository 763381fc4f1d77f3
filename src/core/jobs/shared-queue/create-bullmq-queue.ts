import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { settleWithin } from "../../../kit/settle-within.ts";
import { StoreUnavailableError } from "../../store/store-unavailable-error.ts";
import type { SharedQueue, SharedQueueEntry, SharedQueueHandler } from "./shared-queue.ts";

export interface BullmqQueueOptions {
  /** The Redis every instance shares (REDIS_URL). */
  readonly url: string;
  /** The store's key prefix (IMAGINE_REDIS_PREFIX): the queue's keys go under `<prefix>queue:`. */
  readonly prefix: string;
  /** Jobs this instance's worker runs at once (IMAGINE_MAX_CONCURRENCY). */
  readonly concurrency: number;
  /**
   * How long a worker's hold on a job lasts without being renewed (renewed at half of it): a
   * worker that dies loses its jobs this long after. Keep it at least the instances' lease, so
   * the worker that gets such a job finds its instance gone and closes it. Default 30 s.
   */
  readonly lockDurationMs?: number;
  /** How often each worker looks for jobs whose worker died. Default 15 s. */
  readonly stalledIntervalMs?: number;
  /** Named on each job a worker takes, for whoever looks into the queue. */
  readonly workerName?: string;
  readonly log: Pick<Logger, "info" | "warn" | "error">;
}

/** Longest the queue waits for Redis at start (the store has just found it answering). */
const readyTimeoutMs = 5000;

/** Resolves once the client is connected and Redis answers. */
function readyOf(client: Redis): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve) => client.once("ready", () => resolve()));
}

/** The queue's name under its prefix. */
const queueName = "jobs";

/** Store faults repeat while Redis is away: one line per minute is enough to see it. */
const errorLogEveryMs = 60_000;

/**
 * A handler that could not run its job now (the store unreachable, this instance stopping) leaves
 * it for a later try, on any instance: a few, a second apart, before the queue gives up on it.
 */
const handlerAttempts = { attempts: 5, backoff: { type: "fixed", delay: 1000 } } as const;

function entryOf(data: unknown): SharedQueueEntry {
  const entry = (data ?? {}) as Partial<SharedQueueEntry>;
  if (typeof entry.jobId !== "string" || entry.jobId === "") {
    throw new Error("a shared queue entry without a job id");
  }
  return {
    jobId: entry.jobId,
    ...(entry.spoiler === true && { spoiler: true }),
    ...(typeof entry.modlogChannelId === "string" && { modlogChannelId: entry.modlogChannelId }),
  };
}

/**
 * The shared queue on BullMQ, in the Redis the store uses. Jobs are FIFO across every instance;
 * each job's BullMQ id is the job's own id, so a job is never queued twice. A worker's job whose
 * lock lapses (the worker died, or lost Redis for longer than the lock) is handed by BullMQ's
 * stalled check to another worker once; the handler decides what that means for the job (see
 * `createSharedLine`). Finished entries are removed at once: the store keeps the jobs' records.
 */
export async function createBullmqQueue(options: BullmqQueueOptions): Promise<SharedQueue> {
  const { log } = options;
  const prefix = `${options.prefix}queue`;
  let lastErrorAt = -Infinity;
  const logError = (error: Error, what: string) => {
    const at = performance.now();
    if (at - lastErrorAt < errorLogEveryMs) return;
    lastErrorAt = at;
    log.warn({ err: error }, `the shared queue's ${what} failed; it retries by itself`);
  };
  // Reconnecting as the store's client does: quickly at first, then every 2 s at most.
  const retryStrategy = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);
  // A command waits for a reconnection, but never long: a job the queue could not take in time
  // ends as failed, and if the queue takes it later after all, its record says it has ended.
  const queueClient = new Redis(options.url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    retryStrategy,
  });
  // A worker blocks on Redis, and must keep waiting across reconnections (BullMQ requires this).
  const workerClient = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy });
  for (const client of [queueClient, workerClient])
    client.on("error", (error: Error) => logError(error, "connection"));
  const queue = new Queue(queueName, { connection: queueClient, prefix });
  queue.on("error", (error) => logError(error, "queue"));
  const ready = Promise.all([queue.waitUntilReady(), readyOf(workerClient)]).then(
    () => true,
    () => false,
  );
  if ((await settleWithin(ready, readyTimeoutMs)) === "late" || !(await ready)) {
    queueClient.disconnect();
    workerClient.disconnect();
    throw new StoreUnavailableError(`the shared queue's Redis did not answer within ${readyTimeoutMs} ms`);
  }
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;

  return {
    waitingCount: () => queue.getWaitingCount(),
    isReady: () => closing === undefined && queueClient.status === "ready" && workerClient.status === "ready",
    async add(entry) {
      await queue.add("job", entry, {
        jobId: entry.jobId,
        removeOnComplete: true,
        removeOnFail: { age: 7 * 86_400 },
        ...handlerAttempts,
      });
    },
    async remove(jobId) {
      const job = await queue.getJob(jobId);
      if (!job || (await job.getState()) !== "waiting") return undefined;
      // BullMQ refuses (0) while a worker holds the job's lock.
      return (await queue.remove(jobId)) === 1 ? entryOf(job.data) : undefined;
    },
    process(handler: SharedQueueHandler) {
      worker = new Worker(queueName, (job: Job) => handler(entryOf(job.data)), {
        connection: workerClient,
        prefix,
        autorun: false,
        concurrency: options.concurrency,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 15_000,
        maxStalledCount: 1,
        ...(options.workerName && { name: options.workerName }),
      });
      worker.on("error", (error) => logError(error, "worker"));
      worker.on("stalled", (jobId) =>
        log.warn({ jobId }, "a job's worker stopped answering; another instance takes it over"),
      );
      worker.on("failed", (job, error) =>
        log.warn(
          { jobId: job?.id, err: error },
          "a shared job's handler could not run it; it is tried again",
        ),
      );
    },
    start() {
      // run() resolves when the worker closes; its failures are the worker's `error` events.
      worker?.run().catch((error: unknown) => logError(error as Error, "worker"));
    },
    close() {
      closing ??= (async () => {
        await worker?.close().catch((error: unknown) => logError(error as Error, "worker"));
        await queue.close().catch((error: unknown) => logError(error as Error, "queue"));
        queueClient.disconnect();
        workerClient.disconnect();
      })();
      return closing;
    },
  };
}
