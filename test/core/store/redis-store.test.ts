import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Claim, TakeResult, TakenClaim } from "../../../src/core/store/claim.ts";
import { keepImagesMs, keepMonthLedgerMs } from "../../../src/core/store/redis/key-lifetimes.ts";
import { createRedisStore, type RedisStore } from "../../../src/core/store/redis/redis-store.ts";
import { redisKeys } from "../../../src/core/store/redis/redis-keys.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { captureLog } from "../../support/capture-log.ts";
import { findClosedPort } from "../../support/closed-port.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { startRedisServer, whyNoRedisServer } from "../../support/redis-server.ts";
import { startEntry } from "../../support/run-entry.ts";
import {
  openTestRedisStore,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../../support/test-redis.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const noRedisServer = redisRequired ? undefined : await whyNoRedisServer();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

const takenOf = (result: TakeResult): TakenClaim => {
  if (!("taken" in result)) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result.taken;
};

/** Tries `attempt` until it answers something `done` accepts, for at most `timeoutMs`. */
async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await attempt().catch((error: unknown) => error as T);
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still waiting after 10 s for ${what}; last: ${String(value)}`);
    await delay(25);
  }
}

/** How long a call took to settle, and how: for the bounds on a Redis that does not answer. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return { ms: performance.now() - started, error };
}

describe.skipIf(noRedis !== undefined)(`the Redis store${skipNote(noRedis)}`, () => {
  it("lets exactly one of many simultaneous takes from two processes pass a limit of one", async () => {
    const prefix = uniquePrefix();
    const stores = [await openTestRedisStore({ prefix }), await openTestRedisStore({ prefix })];
    const limits: Partial<Claim["limits"]>[] = [
      { jobsPerUser: 1 },
      { imagesPerUserDay: 1 },
      { cooldownMs: 60_000 },
      { microUsdPerUserDay: 100_000 },
      { imagesPerWorkspaceDay: 1 },
    ];
    for (let round = 0; round < 40; round += 1) {
      const userKey = `discord:g${round}:u1`;
      const claim = makeClaim(
        { userKey, workspaceKey: `workspace:discord:g${round}`, images: 1, reserveMicroUsd: 60_000 },
        limits[round % limits.length],
      );
      const takes = Array.from({ length: 16 }, (_, index) => stores[index % 2]!.take(claim));
      const results = await Promise.all(takes);
      expect(
        results.filter((result) => "taken" in result),
        `round ${round}`,
      ).toHaveLength(1);
      expect(await stores[round % 2]!.imagesOn(userKey, today)).toBe(1);
    }
  });

  it("counts a job held in one process against the person in every other, until it is released", async () => {
    const prefix = uniquePrefix();
    const first = await openTestRedisStore({ prefix });
    const second = await openTestRedisStore({ prefix });
    const limits = { jobsPerUser: 1 };
    const held = takenOf(await first.take(makeClaim({}, limits)));
    expect(await second.take(makeClaim({}, limits))).toEqual({ refused: { limit: "jobs", held: 1 } });
    await first.release(held);
    takenOf(await second.take(makeClaim({}, limits)));
    expect(await first.take(makeClaim({}, limits))).toEqual({ refused: { limit: "jobs", held: 1 } });
  });

  it("stops counting the jobs of a store that closed", async () => {
    const prefix = uniquePrefix();
    const first = await openTestRedisStore({ prefix });
    const second = await openTestRedisStore({ prefix });
    const limits = { jobsPerUser: 1 };
    takenOf(await first.take(makeClaim({}, limits)));
    await first.close();
    takenOf(await second.take(makeClaim({}, limits)));
  });

  it("stops counting the jobs of a process that died once its lease runs out", async () => {
    const prefix = uniquePrefix();
    const store = await openTestRedisStore({ prefix });
    const holder = startEntry(
      "test/core/store/fixtures/hold-redis-claim.ts",
      { REDIS_URL: testRedisUrl, PREFIX: prefix, LEASE_MS: "3000" },
      makeTempDir("redis-holder"),
    );
    onTestFinished(() => holder.stop());
    await holder.waitForLine((line) => line === "taken");
    const limits = { jobsPerUser: 1 };
    expect(await store.take(makeClaim({}, limits))).toEqual({ refused: { limit: "jobs", held: 1 } });

    await holder.stop();
    await eventually(
      () => store.take(makeClaim({}, limits)),
      (result) => "taken" in result,
      "the dead process's job to stop counting",
    );
  });

  it("settles and refunds, in a new store on the same data, the claims an earlier one took", async () => {
    const prefix = uniquePrefix();
    const budgets = { microUsdPerUserDay: 1_000_000, cooldownMs: 60_000 };
    const before = await openTestRedisStore({ prefix });
    await before.setLastJobAt("discord:g1:u1", noon - 120_000);
    const paid = takenOf(
      await before.take(makeClaim({ images: 2, reserveMicroUsd: 60_000 }, budgets), makeJob({ id: "paid" })),
    );
    const failed = takenOf(
      await before.take(
        makeClaim({ at: noon + 60_000, images: 1, reserveMicroUsd: 50_000 }, budgets),
        makeJob({ id: "failed" }),
      ),
    );
    await before.close();

    const after = await openTestRedisStore({ prefix });
    await after.settle(paid, 42_340);
    expect(await after.findJob("paid")).toMatchObject({ claim: { reserveMicroUsd: 42_340, settled: true } });
    await after.refund(failed);
    expect((await after.findJob("failed"))?.claim).toBeUndefined();
    expect(await after.lastJobAt("discord:g1:u1")).toBe(noon);
    expect(await after.ledgerOf("discord:g1:u1", today)).toEqual({ microUsd: 42_340, images: 2 });

    // The restart's recovery gives back the images of the paid job, but not what was paid.
    expect((await after.unfinishedJobs()).map((job) => job.id)).toEqual(["paid", "failed"]);
    expect(await after.interruptJob("paid", noon + 61_000, "restarted")).toBe(true);
    expect(await after.imagesOn("discord:g1:u1", today)).toBe(0);
    expect(await after.ledgerOf("discord:g1:u1", today)).toEqual({ microUsd: 42_340, images: 0 });
    expect(await after.lastJobAt("discord:g1:u1")).toBe(noon - 120_000);
    expect((await after.untoldJobs()).map((job) => job.id)).toEqual(["paid"]);
  });

  it("keeps the settings made in chat, answering each change with the value it replaced", async () => {
    const prefix = uniquePrefix();
    const store = await openTestRedisStore({ prefix });
    const other = await openTestRedisStore({ prefix });
    const change = { changedBy: "discord:42", changedAt: noon };
    expect(
      await store.changeSetting({ scope: "discord:G1", key: "cooldown_seconds", value: "30", ...change }),
    ).toBeUndefined();
    expect(
      await other.changeSetting({ scope: "discord:G1", key: "cooldown_seconds", value: "45", ...change }),
    ).toBe("30");
    await store.changeSetting({ scope: "discord:G1:C1", key: "channel:C1", value: "allow", ...change });
    await store.changeSetting({ scope: "discord:G2", key: "cooldown_seconds", value: "5", ...change });
    await store.changeSetting({ scope: "discord:G1", key: "budget_usd", value: "2.5", ...change });

    expect(await other.settingsIn(["discord:G1:C1", "discord:G1"])).toEqual([
      { scope: "discord:G1", key: "budget_usd", value: "2.5", changedBy: "discord:42", changedAt: noon },
      { scope: "discord:G1", key: "cooldown_seconds", value: "45", changedBy: "discord:42", changedAt: noon },
      { scope: "discord:G1:C1", key: "channel:C1", value: "allow", changedBy: "discord:42", changedAt: noon },
    ]);
    expect(
      await store.changeSetting({ scope: "discord:G1", key: "budget_usd", value: undefined, ...change }),
    ).toBe("2.5");
    expect((await store.settingsIn(["discord:G1"])).map((setting) => setting.key)).toEqual([
      "cooldown_seconds",
    ]);
    expect(await store.settingsIn([])).toEqual([]);
  });

  it("prunes more jobs than one round of pruning takes, and counts them all", async () => {
    const store = await openTestRedisStore();
    for (let index = 0; index < 1_100; index += 1) {
      await store.createJob(makeJob({ id: `old-${index}`, createdAt: noon - 10_000 + index }));
    }
    await store.createJob(makeJob({ id: "new", createdAt: noon }));
    expect(await store.pruneJobs(noon)).toBe(1_100);
    expect((await store.recentJobs("discord", "u1", 10)).map((job) => job.id)).toEqual(["new"]);
  });

  it("lets counters and ledgers expire, and keeps jobs and settings until they are removed", async () => {
    const prefix = uniquePrefix();
    const store = await openTestRedisStore({ prefix });
    await store.take(makeClaim({ reserveMicroUsd: 10_000 }, { cooldownMs: 60_000 }), makeJob());
    await store.changeSetting({
      scope: "discord:G1",
      key: "cooldown_seconds",
      value: "30",
      changedBy: "discord:42",
      changedAt: noon,
    });
    const keys = redisKeys(prefix);
    const redis = new Redis(testRedisUrl);
    onTestFinished(() => void redis.disconnect());
    const images = await redis.pttl(keys.images(today, "discord:g1:u1"));
    expect(images).toBeGreaterThan(keepImagesMs - 60_000);
    expect(images).toBeLessThanOrEqual(keepImagesMs);
    expect(await redis.pttl(keys.lastJob("discord:g1:u1"))).toBeGreaterThan(0);
    expect(await redis.pttl(keys.ledger(today))).toBeGreaterThan(0);
    const month = await redis.pttl(keys.ledger(today.slice(0, 7)));
    expect(month).toBeGreaterThan(keepMonthLedgerMs - 60_000);
    // No expiry: -1.
    expect(await redis.pttl(keys.job("job-1"))).toBe(-1);
    expect(await redis.pttl(keys.settings("discord:G1"))).toBe(-1);
  });
});

describe("the Redis store when Redis does not answer", () => {
  it("refuses to open within its bound when nothing listens", async () => {
    const port = await findClosedPort();
    const { ms, error } = await timed(() =>
      createRedisStore(`redis://127.0.0.1:${port}`, { readyTimeoutMs: 300 }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect(ms).toBeLessThan(3_000);
  });

  describe.skipIf(noRedisServer !== undefined)(`with a Redis of its own${skipNote(noRedisServer)}`, () => {
    const openOn = async (url: string) => {
      const captured = captureLog();
      const store: RedisStore = await createRedisStore(url, { commandTimeoutMs: 300, log: captured.log });
      onTestFinished(() => store.close());
      return { store, captured };
    };
    const startServer = async () => {
      const server = await startRedisServer();
      onTestFinished(() => server.stop());
      return server;
    };

    it("refuses calls at once while Redis is down, and takes them again once it is back", async () => {
      const server = await startServer();
      const { store, captured } = await openOn(server.url);
      takenOf(await store.take(makeClaim()));
      expect(store.isReady()).toBe(true);

      await server.kill();
      const down = await timed(() => store.take(makeClaim()));
      expect(down.error).toBeInstanceOf(StoreUnavailableError);
      expect(down.ms).toBeLessThan(1_000);
      await eventually(
        async () => store.isReady(),
        (ready) => !ready,
        "the store to see Redis gone",
      );
      const again = await timed(() => store.lastJobAt("discord:g1:u1"));
      expect(again.error).toBeInstanceOf(StoreUnavailableError);
      expect(again.ms).toBeLessThan(100);
      await captured.waitForRecord((record) => String(record.msg).startsWith("could not use Redis"));

      await server.restart();
      await eventually(
        async () => store.isReady(),
        (ready) => ready,
        "the store to reconnect",
      );
      // The new Redis is empty: the scripts are sent again, and the take counts from nothing.
      takenOf(await store.take(makeClaim({}, { imagesPerUserDay: 2 })));
      expect(await store.imagesOn("discord:g1:u1", today)).toBe(2);
      await captured.waitForRecord((record) => String(record.msg).endsWith("answers again"));
      expect(captured.records().filter((record) => record.level === 50)).toHaveLength(1);
    });

    it("refuses a call that Redis does not answer within the command timeout", async () => {
      const server = await startServer();
      const { store } = await openOn(server.url);
      server.pause();
      const hung = await timed(() => store.take(makeClaim()));
      server.resume();
      expect(hung.error).toBeInstanceOf(StoreUnavailableError);
      expect(hung.ms).toBeGreaterThanOrEqual(250);
      expect(hung.ms).toBeLessThan(2_000);
      expect(await store.imagesOn("nobody", today)).toBe(0);
    });

    it("refuses calls after it was closed, without waiting", async () => {
      const server = await startServer();
      const { store } = await openOn(server.url);
      await store.close();
      expect(store.isReady()).toBe(false);
      const late = await timed(() => store.refund({ claim: makeClaim(), previousJobAt: undefined }));
      expect(late.error).toBeInstanceOf(StoreUnavailableError);
      expect(late.ms).toBeLessThan(100);
    });
  });
});
