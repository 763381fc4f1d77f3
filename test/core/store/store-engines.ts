import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { noon } from "./make-job.ts";

/** Each engine of the Store, opened fresh for one test: the cases both must pass run over these. */
export const storeEngines: Array<[string, () => Promise<Store>]> = [
  ["memory", async () => createMemoryStore()],
  ["SQLite", () => createSqliteStore(makeTempDir("store"), { now: () => noon })],
];
