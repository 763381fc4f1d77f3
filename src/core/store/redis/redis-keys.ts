import {
  keepDayLedgerMs,
  keepHeldMs,
  keepImagesMs,
  keepLastJobMs,
  keepMonthLedgerMs,
} from "./key-lifetimes.ts";

/**
 * Every key of the Redis store, under its prefix. The scripts name the same keys in Lua
 * (`luaKeys`, below): the two lists are kept side by side so they change together.
 *
 * - `last:<userKey>`: when the person last started a job (ms), for their cooldown.
 * - `images:<day>:<key>`: images counted for a person or workspace on a UTC day.
 * - `ledger:<period>`: sorted set of keys by millionths of a dollar spent in a day or month;
 *   `ledger-images:<period>`: hash of the same keys' images.
 * - `held:<userKey>`: hash of store instance id → jobs the person holds in that instance.
 * - `instances`: sorted set of store instance ids by the end of their lease (Redis time, ms).
 * - `job:<id>`: hash of one job record (see job-fields.ts), with `order`, its index member, and
 *   `owner` and `teller` (store instance ids, see lua-job-index.ts).
 * - `jobs:created`, `jobs:unfinished` (queued or running), `jobs:untold` (interrupted by a
 *   restart, person not told yet or being told), `jobs:of:<platform>:<userId>`: sorted sets of
 *   index members by createdAt; a member is `<16-digit write sequence>|<id>`, so jobs of one
 *   millisecond keep their write order.
 * - `jobs:seq`: the write sequence.
 * - `settings:<scope>`: hash of `value:<key>` and `meta:<key>` (JSON: who changed it, when).
 * - `once:<key>`: a key claimed by Store.claimOnce, until its time runs out.
 * - `cache:<key>`: a value kept by Store.cacheSet (a platform's answer), until its time runs out.
 */
export interface RedisKeys {
  lastJob(userKey: string): string;
  images(day: string, key: string): string;
  ledger(period: string): string;
  ledgerImages(period: string): string;
  job(id: string): string;
  settings(scope: string): string;
  once(key: string): string;
  cache(key: string): string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    lastJob: (userKey) => `${prefix}last:${userKey}`,
    images: (day, key) => `${prefix}images:${day}:${key}`,
    ledger: (period) => `${prefix}ledger:${period}`,
    ledgerImages: (period) => `${prefix}ledger-images:${period}`,
    job: (id) => `${prefix}job:${id}`,
    settings: (scope) => `${prefix}settings:${scope}`,
    once: (key) => `${prefix}once:${key}`,
    cache: (key) => `${prefix}cache:${key}`,
  };
}

/** The same keys in Lua, from the prefix every script gets as ARGV[1], and how long they live. */
export const luaKeys = `
local P = ARGV[1]
local function key_last_job(user) return P .. "last:" .. user end
local function key_images(day, key) return P .. "images:" .. day .. ":" .. key end
local function key_ledger(period) return P .. "ledger:" .. period end
local function key_ledger_images(period) return P .. "ledger-images:" .. period end
local function key_held(user) return P .. "held:" .. user end
local key_instances = P .. "instances"
local function key_job(id) return P .. "job:" .. id end
local key_jobs_created = P .. "jobs:created"
local key_jobs_unfinished = P .. "jobs:unfinished"
local key_jobs_untold = P .. "jobs:untold"
local function key_jobs_of(platform, user) return P .. "jobs:of:" .. platform .. ":" .. user end
local key_jobs_seq = P .. "jobs:seq"
local function key_settings(scope) return P .. "settings:" .. scope end
local KEEP_IMAGES_MS = ${keepImagesMs}
local KEEP_LAST_JOB_MS = ${keepLastJobMs}
local KEEP_DAY_LEDGER_MS = ${keepDayLedgerMs}
local KEEP_MONTH_LEDGER_MS = ${keepMonthLedgerMs}
local KEEP_HELD_MS = ${keepHeldMs}
`;
