import { describe, expect, it, onTestFinished } from "vitest";
import type { Submission } from "../../../src/core/jobs/submission.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { captureLog } from "../../support/capture-log.ts";
import { image } from "../../support/create-core.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { startEntry } from "../../support/run-entry.ts";
import {
  startSharedInstance,
  typesOf,
  type SharedInstance,
  type SharedInstanceOptions,
} from "../../support/shared-instance.ts";
import {
  deleteKeysUnder,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../../support/test-redis.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

const alice = actor({ userId: "alice" });
const bob = actor({ userId: "bob" });
const carol = actor({ userId: "carol" });

/** Several instances of one bot on the test Redis, under a prefix of the test's own, stopped and their keys deleted afterwards. */
function instancesOfOneBot() {
  const prefix = uniquePrefix();
  const started: SharedInstance[] = [];
  onTestFinished(async () => {
    await Promise.allSettled(started.map((instance) => instance.stop(0)));
    await deleteKeysUnder(prefix);
  });
  return {
    prefix,
    async start(options: Partial<SharedInstanceOptions> = {}) {
      const instance = await startSharedInstance({
        url: testRedisUrl,
        prefix,
        log: captureLog().log,
        ...options,
      });
      started.push(instance);
      return instance;
    },
  };
}

function accepted(submission: Submission): string {
  if (submission.status !== "accepted") throw new Error(`refused: ${submission.error.code}`);
  return submission.jobId;
}

describe.skipIf(noRedis !== undefined)(`the queue every instance shares${skipNote(noRedis)}`, () => {
  it("runs a job accepted by an instance whose worker is busy on another, shown there from the record", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start();
    a.queue.start();
    const first = accepted(await a.submit("first", alice));
    const firstCall = await a.driver.nthCall(0);
    expect(firstCall.request.prompt).toBe("first");

    const b = await bot.start();
    b.queue.start();
    const second = accepted(await a.submit("second", bob));
    const call = await b.driver.nthCall(0);
    expect(call.request.prompt).toBe("second");
    await b.adapter.changes.until(() => b.adapter.resumed.has(second), "the second job shown by B");
    const shown = b.adapter.resumed.get(second)!;
    // B edits the message A acknowledged with: A noted where it is before handing the job over.
    expect(shown.record.messageRefs.ack).toBe("drawn");
    expect(typesOf(a.acknowledged.get(second)!.events)).toEqual(["queued", "handedOver"]);

    call.succeed([image]);
    await b.adapter.changes.until(
      () => shown.events.some((event) => event.type === "completed"),
      "the second job's result shown by B",
    );
    expect(typesOf(shown.events)).toEqual(["started", "completed"]);
    await expect.poll(async () => (await b.store.findJob(second))?.status).toBe("done");
    // Nothing of it reached A's sink after the hand-over, and A still runs its own job.
    expect(typesOf(a.acknowledged.get(second)!.events)).toEqual(["queued", "handedOver"]);
    expect((await a.store.findJob(first))?.status).toBe("running");
    expect(a.driver.calls).toHaveLength(1);
  });

  it("frees the person's place where the job ran, so their next job is let in", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start({ maxQueuedPerUser: 1 });
    const b = await bot.start({ maxQueuedPerUser: 1 });
    b.queue.start();
    const first = accepted(await a.submit("first", alice));
    // One job at a time: while it waits or runs, on whichever instance, the next is refused.
    const refused = await a.submit("too soon", alice);
    expect(refused.status === "refused" && refused.error.code).toBe("queue_full");
    (await b.driver.nthCall(0)).succeed([image]);
    await expect.poll(async () => (await a.store.findJob(first))?.status).toBe("done");
    await expect.poll(async () => (await a.submit("next", alice)).status).toBe("accepted");
  });

  it("tells each person their place in the one queue, and runs the jobs in the order they came", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start();
    const b = await bot.start();
    const positions: number[][] = [];
    for (const [instance, prompt, person] of [
      [a, "one", alice],
      [b, "two", bob],
      [a, "three", carol],
    ] as const) {
      const { events } = instance.acknowledged.get(accepted(await instance.submit(prompt, person)))!;
      await instance.adapter.changes.until(() => events.length === 2, `${prompt} handed over`);
      positions.push(events.flatMap((event) => (event.type === "queued" ? [event.position] : [])));
    }
    expect(positions).toEqual([[1], [2], [3]]);

    b.queue.start();
    for (const [n, prompt] of ["one", "two", "three"].entries()) {
      const call = await b.driver.nthCall(n);
      expect(call.request.prompt).toBe(prompt);
      call.succeed([image]);
    }
  });

  it("cancels a job still waiting in the shared queue where it was accepted, giving back what it took", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start({ maxQueuedPerUser: 1 });
    const b = await bot.start({ maxQueuedPerUser: 1 });
    const cancelled = accepted(await a.submit("never mind", alice));
    const ack = a.acknowledged.get(cancelled)!;
    await a.adapter.changes.until(() => ack.events.length === 2, "the hand-over");
    const day = utcDay(middayUtc);
    expect(await a.store.imagesOn("discord:g1:alice", day)).toBe(1);

    ack.job.cancel();
    await a.adapter.changes.until(
      () => ack.events.some((event) => event.type === "cancelled"),
      "the cancellation shown",
    );
    expect(typesOf(ack.events)).toEqual(["queued", "handedOver", "cancelled"]);
    await expect.poll(async () => (await a.store.findJob(cancelled))?.errorCode).toBe("cancelled");
    expect(await a.store.imagesOn("discord:g1:alice", day)).toBe(0);

    // Its place is free, and no worker ever makes it: the next job is the first one made.
    const next = accepted(await a.submit("this instead", alice));
    b.queue.start();
    expect((await b.driver.nthCall(0)).request.prompt).toBe("this instead");
    expect(next).not.toBe(cancelled);
  });

  it("leaves the jobs waiting in the shared queue to the other instances when one shuts down", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start();
    const b = await bot.start();
    const job = accepted(await a.submit("outlive me", alice));
    await a.adapter.changes.until(() => a.acknowledged.get(job)!.events.length === 2, "the hand-over");
    await a.stop(0);
    expect(typesOf(a.acknowledged.get(job)!.events)).toEqual(["queued", "handedOver"]);

    b.queue.start();
    (await b.driver.nthCall(0)).succeed([image]);
    await expect.poll(async () => (await b.store.findJob(job))?.status).toBe("done");
    expect(typesOf(b.adapter.resumed.get(job)!.events)).toEqual(["started", "completed"]);
  });

  it("stops the jobs running at shutdown as a single process does, and takes no more", async () => {
    const bot = instancesOfOneBot();
    const a = await bot.start();
    const b = await bot.start();
    a.queue.start();
    const running = accepted(await a.submit("running", alice));
    await a.driver.nthCall(0);
    const waiting = accepted(await a.submit("waiting", bob));
    await a.adapter.changes.until(() => a.acknowledged.get(waiting)!.events.length === 2, "the hand-over");
    await a.stop(0);
    const shown = a.adapter.resumed.get(running)!.events;
    expect(typesOf(shown)).toEqual(["started", "failed"]);
    expect(shown[1]?.type === "failed" && shown[1].error.code).toBe("shutting_down");
    expect(await b.store.findJob(running)).toMatchObject({
      status: "interrupted",
      errorCode: "shutting_down",
    });
    // The waiting one was not taken by the instance going away: another runs it.
    b.queue.start();
    expect((await b.driver.nthCall(0)).request.prompt).toBe("waiting");
    expect(a.driver.calls).toHaveLength(1);
    expect((await b.store.findJob(waiting))?.status).toBe("running");
  });

  it(
    "closes visibly, through another instance, a job whose worker was killed mid-job, never making it twice",
    { timeout: 20_000 },
    async () => {
      const bot = instancesOfOneBot();
      // The worker's lease lapses before its lock on the job does: whoever gets the job finds it gone.
      const worker = startEntry(
        "test/core/jobs/fixtures/run-shared-worker.ts",
        { REDIS_URL: testRedisUrl, PREFIX: bot.prefix, LEASE_MS: "1000", LOCK_MS: "2000", STALLED_MS: "500" },
        makeTempDir("shared-worker"),
      );
      onTestFinished(() => worker.stop());
      await worker.waitForLine((line) => line === "ready");
      const b = await bot.start({ stalledIntervalMs: 500 });
      const job = accepted(await b.submit("lost", alice));
      await worker.waitForLine((line) => line === "generating lost");
      expect((await b.store.findJob(job))?.status).toBe("running");

      await worker.stop();
      b.queue.start();
      await b.adapter.changes.until(
        () => b.adapter.closed.some((record) => record.id === job),
        "the job closed as interrupted",
      );
      await expect
        .poll(async () => b.store.findJob(job))
        .toMatchObject({
          status: "interrupted",
          errorCode: "interrupted",
        });
      expect(b.driver.calls).toHaveLength(0);
      expect(worker.lines.filter((line) => line.startsWith("generating"))).toEqual(["generating lost"]);
      expect(b.adapter.resumed.has(job)).toBe(false);
      // What it took is given back: the person may ask again at once.
      expect(await b.store.imagesOn("discord:g1:alice", utcDay(middayUtc))).toBe(0);
    },
  );
});
