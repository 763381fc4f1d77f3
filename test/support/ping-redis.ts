import { Redis } from "ioredis";

/** Why the Redis at `url` cannot be used (it did not answer PING within 2 s), or undefined when it can. */
export async function whyNoRedisAt(url: string): Promise<string | undefined> {
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
