import { Redis } from "ioredis";

/** The Redis the instances runs share: REDIS_URL, or the one on this machine's default port. */
export const defaultBenchRedisUrl = "redis://127.0.0.1:6379";

/** Why the Redis at `url` cannot be used (it did not answer PING within 2 s), or undefined when it can. */
export async function whyNoRedis(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: () => null,
  });
  // The connection's own error says why (refused, unknown host); connect() says only that it closed.
  let connectionError: Error | undefined;
  client.on("error", (error: Error) => (connectionError ??= error));
  try {
    await client.connect();
    return (await client.ping()) === "PONG" ? undefined : "it did not answer PONG";
  } catch (error) {
    return (connectionError ?? (error instanceof Error ? error : new Error(String(error)))).message;
  } finally {
    client.disconnect();
  }
}

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
