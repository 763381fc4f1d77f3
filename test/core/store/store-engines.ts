import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { openTestRedisStore, redisRequired, testRedisUrl, whyNoRedis } from "../../support/test-redis.ts";
import { noon } from "./make-job.ts";

/** The engines that serve one process per store (memory, SQLite), opened fresh for one test. */
export const embeddedStoreEngines: Array<[string, () => Promise<Store>]> = [
  ["memory", async () => createMemoryStore()],
  ["SQLite", () => createSqliteStore(makeTempDir("store"), { now: () => noon })],
];

/** Each engine of the Store, opened fresh for one test: the cases every engine must pass run over these. */
export const storeEngines: Array<[string, () => Promise<Store>]> = [...embeddedStoreEngines];

// Redis: each test under a key prefix of its own, deleted when it ends. Without a Redis the cases
// fail in CI, which must have one (.ci/run starts it), and are left out elsewhere, saying why.
const noRedis = await whyNoRedis();
if (noRedis === undefined) {
  storeEngines.push(["Redis", () => openTestRedisStore()]);
} else if (redisRequired) {
  storeEngines.push([
    "Redis",
    () => Promise.reject(new Error(`no Redis answers at ${testRedisUrl} (${noRedis}); CI needs one`)),
  ]);
} else {
  process.emitWarning(
    `the Redis store's cases are skipped: no Redis answers at ${testRedisUrl} (${noRedis}); ` +
      "start one, or set REDIS_URL",
  );
}
