import { Redis } from "ioredis";
import { StoreUnavailableError } from "../store-unavailable-error.ts";

export interface RedisConnectionOptions {
  /** Longest wait for Redis to answer at start. */
  readonly readyTimeoutMs: number;
  /** Longest a command waits for its answer, and a connection attempt for the server. */
  readonly commandTimeoutMs: number;
  /** Told of every connection error (refused, lost, timed out), start included. */
  readonly onError: (error: Error) => void;
  /** Told each time the connection is up and Redis answers, start included. */
  readonly onReady: () => void;
}

/** Reconnection delays: quickly at first, then every 2 s at most, for as long as it takes. */
const reconnectDelayMs = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

/**
 * A client for the store: it never queues a command while disconnected (the call is refused at
 * once, so a person hears "try again shortly" instead of waiting), never sends a command twice
 * (a script cut off by a lost connection is refused, not re-run after reconnecting: a take might
 * otherwise count twice), and reconnects by itself. Resolves once Redis answers.
 *
 * @throws StoreUnavailableError when Redis does not answer within `readyTimeoutMs`.
 */
export async function connectRedis(url: string, options: RedisConnectionOptions): Promise<Redis> {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    retryStrategy: reconnectDelayMs,
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
    options.onError(error);
  });
  client.on("ready", options.onReady);
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.readyTimeoutMs);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (ready) return client;
  client.disconnect();
  throw new StoreUnavailableError(
    `Redis at ${describeRedis(client)} did not answer within ${options.readyTimeoutMs} ms` +
      (lastError ? ` (${lastError.message})` : ""),
    { cause: lastError },
  );
}

/** Where the client connects, for logs and errors: host and port only, never the password. */
export function describeRedis(client: Redis): string {
  const { host, port, path } = client.options;
  return path ?? `${host ?? "localhost"}:${port ?? 6379}`;
}
