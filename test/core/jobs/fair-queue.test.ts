import { describe, expect, it } from "vitest";
import { FairQueue } from "../../../src/core/jobs/fair-queue.ts";

interface TestJob {
  id: string;
  ownerKey: string;
  finish: () => void;
}

/** A queue whose jobs run until the test finishes them, recording start order and positions. */
function harness(concurrency: number, memory?: { weights: Record<string, number>; capacity: number }) {
  const started: string[] = [];
  const positions: Array<[string, number]> = [];
  const running = new Map<string, () => void>();
  const queue = new FairQueue<TestJob>({
    concurrency,
    start: (job) =>
      new Promise<void>((resolve) => {
        started.push(job.id);
        running.set(job.id, resolve);
      }),
    onPosition: (job, position) => positions.push([job.id, position]),
    ...(memory && { weight: (job: TestJob) => memory.weights[job.id] ?? 0, capacity: memory.capacity }),
  });
  const add = (id: string, ownerKey: string) => queue.add({ id, ownerKey, finish: () => undefined });
  const finish = async (id: string) => {
    running.get(id)?.();
    running.delete(id);
    // Let the queue's settle handlers run: they are promise callbacks.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, started, positions, add, finish };
}

describe("FairQueue", () => {
  it("starts jobs at once while slots are free, then makes them wait", () => {
    const { started, add } = harness(2);
    expect(add("a1", "alice")).toBe(0);
    expect(add("b1", "bob")).toBe(0);
    expect(add("c1", "carol")).toBe(1);
    expect(started).toEqual(["a1", "b1"]);
  });

  it("takes a burst at once: starts what fits, tells each waiting job its turn once, fairly", () => {
    const { queue, started, positions } = harness(1);
    const job = (id: string, ownerKey: string) => ({ id, ownerKey, finish: () => undefined });
    queue.addAll([job("a1", "alice"), job("a2", "alice"), job("a3", "alice"), job("b1", "bob")]);
    expect(started).toEqual(["a1"]);
    // Bob's first job goes before Alice's second and third; nobody is told a position twice.
    expect(positions).toEqual([
      ["b1", 1],
      ["a2", 2],
      ["a3", 3],
    ]);
  });

  it("starts no more than fits in the memory capacity, and a job heavier than it alone", async () => {
    const weights = { a1: 60, b1: 30, c1: 30, d1: 150, e1: 10 };
    const { started, add, finish } = harness(10, { weights, capacity: 100 });
    for (const id of Object.keys(weights)) add(id, id);
    expect(started).toEqual(["a1", "b1"]); // c1 would make 120
    await finish("b1");
    expect(started).toEqual(["a1", "b1", "c1"]);
    await finish("a1");
    await finish("c1");
    expect(started).toEqual(["a1", "b1", "c1", "d1"]); // over the capacity, but alone
    await finish("d1");
    expect(started).toEqual(["a1", "b1", "c1", "d1", "e1"]);
  });

  it("starts the second user's first job before the first user's third", async () => {
    const { started, add, finish } = harness(1);
    add("a1", "alice");
    add("a2", "alice");
    add("a3", "alice");
    add("b1", "bob");
    await finish("a1");
    await finish("a2");
    await finish("b1");
    expect(started).toEqual(["a1", "a2", "b1", "a3"]);
  });

  it("takes turns across users rather than first come, first served", async () => {
    const { started, add, finish } = harness(1);
    add("a0", "alice");
    for (const id of ["a1", "a2", "a3", "b1", "b2", "c1"])
      add(id, id.startsWith("a") ? "alice" : id.startsWith("b") ? "bob" : "carol");
    for (const id of ["a0", "a1", "b1", "c1", "a2", "b2"]) await finish(id);
    expect(started).toEqual(["a0", "a1", "b1", "c1", "a2", "b2", "a3"]);
  });

  it("tells each waiting job its position, and again when it moves", async () => {
    const { positions, add, finish } = harness(1);
    add("a1", "alice");
    add("a2", "alice");
    add("b1", "bob");
    expect(positions).toEqual([
      ["a2", 1],
      ["b1", 2],
    ]);
    await finish("a1");
    expect(positions.slice(2)).toEqual([["b1", 1]]);
  });

  it("moves the line up when a waiting job is removed", () => {
    const { queue, positions, add } = harness(1);
    add("a1", "alice");
    add("b1", "bob");
    add("c1", "carol");
    expect(queue.remove("b1")).toBe(true);
    expect(queue.remove("b1")).toBe(false);
    expect(positions.at(-1)).toEqual(["c1", 1]);
    expect(queue.waitingCount).toBe(1);
  });

  it("counts a user's waiting and running jobs", () => {
    const { queue, add } = harness(1);
    add("a1", "alice");
    add("a2", "alice");
    add("b1", "bob");
    expect(queue.countFor("alice")).toBe(2);
    expect(queue.countFor("bob")).toBe(1);
    expect(queue.countFor("carol")).toBe(0);
  });

  it("drains the waiting line in turn order and resolves whenIdle once running jobs end", async () => {
    const { queue, add, finish } = harness(1);
    add("a1", "alice");
    add("a2", "alice");
    add("b1", "bob");
    expect(queue.drain().map((job) => job.id)).toEqual(["a2", "b1"]);
    let idle = false;
    const whenIdle = queue.whenIdle().then(() => (idle = true));
    expect(idle).toBe(false);
    await finish("a1");
    await whenIdle;
    expect(idle).toBe(true);
    expect(queue.runningCount).toBe(0);
  });
});
