import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { describe, expect, it, onTestFinished } from "vitest";
import { shareStoreCache } from "../../../src/app/share-store-cache.ts";
import { redisKeys } from "../../../src/core/store/redis/redis-keys.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { captureLog } from "../../support/capture-log.ts";
import {
  openTestRedisStore,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../../support/test-redis.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = noRedis ? ` (skipped: ${noRedis})` : "";

/** Asks `attempt` again until `done` accepts its answer, for at most 10 s. */
async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`still waiting after 10 s for ${what}; last: ${String(value)}`);
    await delay(25);
  }
}

describe.skipIf(noRedis !== undefined)(`the Redis store's shared cache${skipNote}`, () => {
  it("answers every instance on its prefix with what one kept, until its time runs out", async () => {
    const prefix = uniquePrefix();
    const first = await openTestRedisStore({ prefix });
    const second = await openTestRedisStore({ prefix });
    const elsewhere = await openTestRedisStore();

    expect(await second.cacheGet("slack:user:U1")).toBeUndefined();
    await first.cacheSet("slack:user:U1", '{"isAdmin":true}', 60_000);
    expect(await second.cacheGet("slack:user:U1")).toBe('{"isAdmin":true}');
    // Another bot (another prefix) keeps its own.
    expect(await elsewhere.cacheGet("slack:user:U1")).toBeUndefined();

    const redis = new Redis(testRedisUrl);
    onTestFinished(() => void redis.disconnect());
    const ttl = await redis.pttl(redisKeys(prefix).cache("slack:user:U1"));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    await second.cacheSet("slack:group:S1", '["U1"]', 100);
    expect(await first.cacheGet("slack:group:S1")).toBe('["U1"]');
    await eventually(
      () => first.cacheGet("slack:group:S1"),
      (value) => value === undefined,
      "the short value to run out",
    );
  });

  it("is a miss for adapters, logged at debug, when the store cannot answer", async () => {
    const store = await openTestRedisStore();
    const captured = captureLog();
    const cache = shareStoreCache(store, captured.log)!;
    await cache.set("slack:user:U1", '{"isAdmin":false}', 60_000);
    expect(await cache.get("slack:user:U1")).toBe('{"isAdmin":false}');

    await store.close();
    await expect(store.cacheGet("slack:user:U1")).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await cache.get("slack:user:U1")).toBeUndefined();
    await expect(cache.set("slack:user:U1", "{}", 60_000)).resolves.toBeUndefined();
    // Redis's fault is the store's to report; here each miss is a debug line, no warning.
    expect(captured.records().map((record) => record["level"])).toEqual([20, 20]);
  });
});
