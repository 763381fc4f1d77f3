import { z } from "zod";
import { integer, optional, text } from "../kit/env-fields.ts";

/** Where a Redis store connects, as a log line may show it: host and port, never the password. */
function redisAddress(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || "6379"}`;
}

const isRedisUrl = (value: string) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return /^rediss?:$/.test(url.protocol) && url.hostname !== "" && /^(\/\d*)?$/.test(url.pathname);
};

/** The variables that choose the store: an embedded SQLite file, or a Redis shared by many instances. */
export const storeVariables = z.object({
  // The value is never repeated in a problem: it may hold a password.
  REDIS_URL: optional(
    z
      .string()
      .trim()
      .refine(isRedisUrl, {
        error:
          "must be a redis:// or rediss:// (TLS) URL such as redis://redis:6379, " +
          "with a password as redis://:PASSWORD@host:6379 and a database as redis://host:6379/1",
      }),
  ),
  IMAGINE_REDIS_PREFIX: text("must be text").pipe(
    z
      .string()
      .regex(/^\S{1,100}$/, { error: "must be 1 to 100 characters without spaces, such as imagine:" })
      .optional(),
  ),
  IMAGINE_INSTANCE_LEASE_SECONDS: integer(30, 2, 600),
});

type StoreVariables = z.infer<typeof storeVariables>;

/** A Redis shared by every instance of the bot (REDIS_URL): then DATA_DIR is not used. */
export interface RedisSettings {
  /** REDIS_URL as given: it may hold a password, so it is never logged (see `address`). */
  readonly url: string;
  /** Host and port, for log lines and the start-up summary. */
  readonly address: string;
  /** The password in the URL, when it holds one: a secret the logs are scrubbed of. */
  readonly password?: string;
  /** Put before every key (IMAGINE_REDIS_PREFIX), so several bots or tests can share one Redis. */
  readonly prefix: string;
  /** How soon a dead instance's jobs become another's to close (IMAGINE_INSTANCE_LEASE_SECONDS). */
  readonly leaseMs: number;
}

/** The password as the client sends it (percent-decoded where it can be), or "" for none. */
function passwordOf(url: string): string {
  const { password } = new URL(url);
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

/** The Redis store's settings, or undefined when REDIS_URL is not set (the embedded store). */
export function readRedisSettings(env: StoreVariables): RedisSettings | undefined {
  if (!env.REDIS_URL) return undefined;
  const password = passwordOf(env.REDIS_URL);
  return {
    url: env.REDIS_URL,
    address: redisAddress(env.REDIS_URL),
    ...(password && { password }),
    prefix: env.IMAGINE_REDIS_PREFIX ?? "imagine:",
    leaseMs: env.IMAGINE_INSTANCE_LEASE_SECONDS * 1000,
  };
}
