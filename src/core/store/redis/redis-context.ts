import type { Redis } from "ioredis";
import type { RedisScripts } from "./define-redis-scripts.ts";
import type { RedisCall } from "./redis-faults.ts";
import type { RedisKeys } from "./redis-keys.ts";

/** What each part of the Redis store works with. */
export interface RedisContext {
  readonly client: Redis;
  readonly scripts: RedisScripts;
  readonly keys: RedisKeys;
  /** Every Redis round trip goes through it: its faults become StoreUnavailableError. */
  readonly call: RedisCall;
  /** This store instance, whose jobs held count while its lease lasts. */
  readonly instanceId: string;
  readonly leaseMs: number;
}
