/** Longest an acknowledged job waits for others' acknowledgements before it may start. */
const defaultMaxHoldMs = 250;

/**
 * Where jobs whose person has been acknowledged wait before joining the queue. They are let in
 * together on the next turn of the event loop once no request is being decided or acknowledged
 * (`deciding`), and at the latest `maxHoldMs` after they began to wait: in a burst, everyone is
 * acknowledged before any job's start (a request upstream, a stream to read) takes the CPU.
 */
export class ArrivalGate<T> {
  readonly #waiting = new Set<T>();
  readonly #admit: (jobs: T[]) => void;
  readonly #maxHoldMs: number;
  #deciding = 0;
  #deadline: NodeJS.Timeout | undefined;

  constructor(admit: (jobs: T[]) => void, maxHoldMs = defaultMaxHoldMs) {
    this.#admit = admit;
    this.#maxHoldMs = maxHoldMs;
  }

  /** Jobs waiting at the gate. */
  get size(): number {
    return this.#waiting.size;
  }

  /** A request began to be decided: nothing is let in until it has been answered. */
  decidingStarted(): void {
    this.#deciding++;
  }

  /** That request has been answered (accepted with its sink open, or refused). */
  decidingEnded(): void {
    this.#deciding--;
    this.#schedule();
  }

  arrive(job: T): void {
    this.#waiting.add(job);
    this.#schedule();
  }

  /** Takes a waiting job away; false when it was not waiting. */
  remove(job: T): boolean {
    return this.#waiting.delete(job);
  }

  /** Empties the gate without letting anything in, and returns what waited. */
  drain(): T[] {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    return waiting;
  }

  #letIn(): void {
    this.#admit(this.drain());
  }

  #schedule(): void {
    if (this.#waiting.size === 0) return;
    if (this.#deciding > 0) {
      this.#deadline ??= setTimeout(() => this.#letIn(), this.#maxHoldMs).unref();
      return;
    }
    setImmediate(() => {
      if (this.#deciding === 0) this.#letIn();
      else this.#schedule();
    });
  }
}
