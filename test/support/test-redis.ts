import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { onTestFinished } from "vitest";
import { whyNoRedisAt } from "./ping-redis.ts";
import {
  createRedisStore,
  type RedisStore,
  type RedisStoreOptions,
} from "../../src/core/store/redis/redis-store.ts";

/** The Redis the store tests use: REDIS_URL, or the one on this machine's default port. */
export const testRedisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether the tests must have a Redis (CI): then a missing one fails them instead of skipping them. */
export const redisRequired = process.env.CI === "true";

/** Why Redis cannot be used at `url` (it did not answer PING within 2 s), or undefined when it can. */
export const whyNoRedis = (url = testRedisUrl) => whyNoRedisAt(url);

/** A key prefix no other test uses. */
export const uniquePrefix = () => `imagine-test:${randomUUID()}:`;

/** Deletes every key under `prefix`. */
export async function deleteKeysUnder(prefix: string, url = testRedisUrl): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis store on the test Redis under a prefix of the test's own (or the one given, to open a
 * second instance on the same data), closed and its keys deleted once the running test has
 * finished, pass or fail. Call it inside a test.
 */
export async function openTestRedisStore(options: RedisStoreOptions = {}): Promise<RedisStore> {
  const prefix = options.prefix ?? uniquePrefix();
  const store = await createRedisStore(testRedisUrl, { ...options, prefix });
  onTestFinished(async () => {
    await store.close();
    await deleteKeysUnder(prefix);
  });
  return store;
}
