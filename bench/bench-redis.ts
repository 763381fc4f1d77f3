import { Redis } from "ioredis";
import { whyNoRedisAt } from "../test/support/ping-redis.ts";

/** The Redis the instances runs share: REDIS_URL, or the one on this machine's default port. */
export const defaultBenchRedisUrl = "redis://127.0.0.1:6379";

/** Why the Redis at `url` cannot be used (it did not answer PING within 2 s), or undefined when it can. */
export const whyNoRedis = (url: string) => whyNoRedisAt(url);

/** Deletes every key under `prefix`: a run's store and queue, once it is over. */
export async function deleteKeysUnder(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}
