/**
 * One job in the queue every instance shares: its id (the rest is its record in the store), and
 * what the instance that accepted it decided from facts the record does not keep (where the
 * person asked, down to a thread's channel).
 */
export interface SharedQueueEntry {
  readonly jobId: string;
  /** Post its results as spoilers. */
  readonly spoiler?: boolean;
  /** Where a refusal of its prompt by CometAPI is reported for moderation, when anywhere. */
  readonly modlogChannelId?: string;
}

/** Runs one entry a worker took; resolves once the job has ended here (or was left to others). */
export type SharedQueueHandler = (entry: SharedQueueEntry) => Promise<void>;

/**
 * The queue every instance of the bot shares (Redis mode): any instance adds the jobs it
 * accepted, and each instance's worker takes jobs up to its concurrency, whoever accepted them.
 * A worker that dies holding a job hands it, after a while, to another worker (which closes it
 * rather than make it again: see `createSharedLine`). Production: `createBullmqQueue`.
 */
export interface SharedQueue {
  /** Whether Redis answers the queue (and this instance's worker) now, for /readyz. */
  isReady(): boolean;
  /** Jobs waiting for a worker, every instance's together. */
  waitingCount(): Promise<number>;
  /** Adds a job for any instance's worker; an entry already added is not added twice. */
  add(entry: SharedQueueEntry): Promise<void>;
  /**
   * Takes a job out of the queue while no worker has it: its entry, or undefined when a worker
   * has taken it (or it is gone).
   */
  remove(jobId: string): Promise<SharedQueueEntry | undefined>;
  /** Sets what this instance's worker runs for each job; it takes none until `start`. */
  process(handler: SharedQueueHandler): void;
  /** Starts this instance's worker (once the adapters that show the jobs are running). */
  start(): void;
  /**
   * Takes no more jobs and resolves once the handlers running have: jobs still waiting stay for
   * the other instances. Closes the queue's connections.
   */
  close(): Promise<void>;
}
