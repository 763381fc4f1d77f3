/** Something waiting its turn, owned by one user. */
export interface Queueable {
  readonly id: string;
  /** Jobs with the same key take turns with other keys' jobs. */
  readonly ownerKey: string;
}

export interface FairQueueOptions<T extends Queueable> {
  /** Jobs running at once, all users together. */
  readonly concurrency: number;
  /** Starts a job; the slot frees when the promise settles. */
  readonly start: (job: T) => Promise<void>;
  /** Told whenever a waiting job's 1-based position changes. */
  readonly onPosition?: (job: T, position: number) => void;
  /**
   * What a running job weighs (its memory) and how much may run at once: the next job waits
   * while it would not fit, unless nothing runs (a job heavier than the whole capacity still runs,
   * alone). Without them only `concurrency` counts.
   */
  readonly weight?: (job: T) => number;
  readonly capacity?: number;
}

/**
 * Runs jobs under a global concurrency limit, taking waiting jobs round-robin across owners so
 * that one person's pile never delays another person's first job by more than one slot.
 */
export class FairQueue<T extends Queueable> {
  readonly #options: FairQueueOptions<T>;
  /** Waiting jobs per owner, in arrival order; owners in turn order (next served first). */
  readonly #waiting = new Map<string, T[]>();
  readonly #running = new Set<T>();
  #runningWeight = 0;
  readonly #positions = new Map<string, number>();
  readonly #idleWaiters: Array<() => void> = [];

  constructor(options: FairQueueOptions<T>) {
    this.#options = options;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  get waitingCount(): number {
    let count = 0;
    for (const jobs of this.#waiting.values()) count += jobs.length;
    return count;
  }

  /** Jobs of this owner waiting or running. */
  countFor(ownerKey: string): number {
    let count = this.#waiting.get(ownerKey)?.length ?? 0;
    for (const job of this.#running) if (job.ownerKey === ownerKey) count++;
    return count;
  }

  /** Adds a job; it starts at once when a slot is free. Returns its position (0 = started). */
  add(job: T): number {
    this.addAll([job]);
    return this.#positions.get(job.id) ?? 0;
  }

  /**
   * Adds jobs in this order, then starts what fits and tells the waiting their positions once:
   * a burst costs one pass over the line, not one per job.
   */
  addAll(jobs: readonly T[]): void {
    for (const job of jobs) {
      const line = this.#waiting.get(job.ownerKey);
      if (line) line.push(job);
      else this.#waiting.set(job.ownerKey, [job]);
    }
    this.#pump();
  }

  /** Takes a waiting job out. Returns false when it is not waiting (running, done or unknown). */
  remove(jobId: string): boolean {
    for (const [owner, jobs] of this.#waiting) {
      const index = jobs.findIndex((job) => job.id === jobId);
      if (index === -1) continue;
      jobs.splice(index, 1);
      if (jobs.length === 0) this.#waiting.delete(owner);
      this.#positions.delete(jobId);
      this.#announcePositions();
      return true;
    }
    return false;
  }

  /** Empties the waiting line and returns what was in it, in turn order. */
  drain(): T[] {
    const order = this.#turnOrder();
    this.#waiting.clear();
    this.#positions.clear();
    return order;
  }

  /** Resolves when nothing is running. */
  whenIdle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The next job if it may start now (round-robin order is kept: a heavy job is not skipped). */
  #next(): T | undefined {
    for (const [owner, jobs] of this.#waiting) {
      const job = jobs[0]!;
      const { weight, capacity } = this.#options;
      if (weight && capacity !== undefined && this.#running.size > 0) {
        if (this.#runningWeight + weight(job) > capacity) return undefined;
      }
      jobs.shift();
      this.#waiting.delete(owner);
      // Back of the line for this owner's next job; Map keeps insertion order.
      if (jobs.length > 0) this.#waiting.set(owner, jobs);
      return job;
    }
    return undefined;
  }

  #pump(): void {
    while (this.#running.size < this.#options.concurrency) {
      const job = this.#next();
      if (!job) break;
      const weight = this.#options.weight?.(job) ?? 0;
      this.#positions.delete(job.id);
      this.#running.add(job);
      this.#runningWeight += weight;
      void this.#options
        .start(job)
        .catch(() => undefined)
        .finally(() => {
          this.#runningWeight -= weight;
          this.#running.delete(job);
          this.#pump();
          if (this.#running.size === 0) this.#idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
    this.#announcePositions();
  }

  /**
   * The order waiting jobs would start in, without touching state: the round-robin takes one job
   * of every owner in turn order, then the second of those who have one, and so on.
   */
  #turnOrder(): T[] {
    const lines = [...this.#waiting.values()];
    const order: T[] = [];
    for (let round = 0; order.length < this.waitingCount; round++) {
      for (const jobs of lines) {
        const job = jobs[round];
        if (job) order.push(job);
      }
    }
    return order;
  }

  #announcePositions(): void {
    this.#turnOrder().forEach((job, index) => {
      const position = index + 1;
      if (this.#positions.get(job.id) === position) return;
      this.#positions.set(job.id, position);
      this.#options.onPosition?.(job, position);
    });
  }
}
