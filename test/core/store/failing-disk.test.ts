import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createSqliteStore, createSqliteStoreOn } from "../../../src/core/store/sqlite-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import { StoreUnavailableError } from "../../../src/core/store/store-unavailable-error.ts";
import { captureLog } from "../../support/capture-log.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";

const now = () => noon;

/** A store whose file a test can make refuse writes, and let take them again. */
interface BrokenStore {
  readonly store: Store;
  readonly file: string;
  /** What SQLite answers the refused writes with. */
  readonly code: string;
  breakDisk(): void;
  repair(): void;
}

type Options = { log: ReturnType<typeof captureLog>["log"] };

/**
 * Faults SQLite raises for root too (tests run as root, which ignores permission bits). An open
 * database keeps its files open, so taking the directory away does not reach it: the faults are
 * made where SQLite meets them.
 */
const faults: Array<[string, (options: Options) => Promise<BrokenStore>]> = [
  [
    "the disk is full",
    async (options) => {
      // The store on a connection the test holds too, to cap the file's size where it stands:
      // SQLite then answers a write that needs room as it does on a full disk (SQLITE_FULL).
      const dir = makeTempDir("disk");
      const file = join(dir, "imagine.sqlite");
      const db = new Database(file);
      const store = createSqliteStoreOn(db, file, { now, ...options });
      return {
        store,
        file,
        code: "SQLITE_FULL",
        breakDisk: () =>
          void db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`),
        repair: () => void db.pragma("max_page_count = 1000000"),
      };
    },
  ],
  [
    "another program holds the file locked",
    async (options) => {
      const dir = join(makeTempDir("disk"), "data");
      mkdirSync(dir);
      const store = await createSqliteStore(dir, { now, busyTimeoutMs: 50, ...options });
      const file = join(dir, "imagine.sqlite");
      const other = new Database(file);
      return {
        store,
        file,
        code: "SQLITE_BUSY",
        breakDisk: () => void other.exec("BEGIN IMMEDIATE"),
        repair: () => {
          other.exec("COMMIT");
          other.close();
        },
      };
    },
  ],
];

/** A job whose prompt needs pages of its own, as every new row does on a disk that is full. */
const bigJob = (id: string) =>
  makeJob({ id, request: { ...makeJob().request, prompt: "a lighthouse ".repeat(2000) } });

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(faults)("the SQLite store when %s", (_fault, open) => {
  it("refuses each write it cannot make, keeps none of it, reports once, and works again after", async () => {
    const captured = captureLog();
    const logged = (level: number) => captured.records().filter((record) => record.level === level);
    const { store, file, code, breakDisk, repair } = await open({ log: captured.log });
    await store.take(makeClaim({ images: 1 }), bigJob("before"));
    breakDisk();

    const failure = await rejection(store.take(makeClaim({ images: 2 }), bigJob("during")));
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).cause).toMatchObject({ code });
    await expect(store.createJob(bigJob("during-too"))).rejects.toBeInstanceOf(StoreUnavailableError);
    // What the refused calls would have written is nowhere, and what was there still reads.
    expect(await store.findJob("during")).toBeUndefined();
    expect(await store.findJob("during-too")).toBeUndefined();
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(1);
    expect((await store.findJob("before"))?.status).toBe("queued");
    expect(logged(50)).toHaveLength(1);
    expect(logged(50)[0]?.msg).toContain(file);
    expect(logged(50)[0]?.msg).toContain("free space");
    expect(logged(30)).toHaveLength(0);

    repair();
    await store.take(makeClaim({ images: 2 }), bigJob("after"));
    await store.createJob(bigJob("after-too"));
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(3);
    expect((await store.findJob("after"))?.claim?.images).toBe(2);
    expect(logged(30)).toHaveLength(1);
    expect(logged(30)[0]?.msg).toContain("takes writes again");
    expect(logged(50)).toHaveLength(1);
    await store.close();
  });
});

describe("the SQLite store after close", () => {
  it("refuses a late call (a refund after shutdown) with StoreUnavailableError, quietly", async () => {
    const captured = captureLog();
    const store = await createSqliteStore(makeTempDir("disk"), { now, log: captured.log });
    const taken = await store.take(makeClaim());
    await store.close();
    if (!("taken" in taken)) throw new Error("refused");
    await expect(store.refund(taken.taken)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.findJob("job-1")).rejects.toBeInstanceOf(StoreUnavailableError);
    // Freeing a job's place is this process's own count: it still works.
    await expect(store.release(taken.taken)).resolves.toBeUndefined();
    await expect(store.close()).resolves.toBeUndefined();
    expect(captured.records()).toEqual([]);
  });
});
