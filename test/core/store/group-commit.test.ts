import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createSqliteWriter } from "../../../src/core/store/create-sqlite-writer.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { createWriteBatcher } from "../../../src/core/store/create-write-batcher.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";

describe("writes asked for together", () => {
  it("land together in the store even when one of them is refused", async () => {
    const dir = makeTempDir("batch");
    const store = await createSqliteStore(dir, { now: () => noon });
    await store.createJob(makeJob({ id: "taken-id" }));
    const [first, duplicate, claim] = await Promise.allSettled([
      store.createJob(makeJob({ id: "fresh" })),
      store.createJob(makeJob({ id: "taken-id", userId: "someone else" })),
      store.take(makeClaim({ images: 2 }), makeJob({ id: "with-claim" })),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(duplicate.status).toBe("rejected");
    expect(claim.status).toBe("fulfilled");
    await store.close();

    // A second store on the file sees what was committed, and nothing of the refused write.
    const reopened = await createSqliteStore(dir, { now: () => noon });
    expect(await reopened.findJob("fresh")).toBeDefined();
    expect((await reopened.findJob("taken-id"))?.userId).toBe("u1");
    expect((await reopened.findJob("with-claim"))?.claim?.images).toBe(2);
    expect(await reopened.imagesOn("discord:g1:u1", today)).toBe(2);
    await reopened.close();
  });

  it("still keep one person to their jobs limit when their claims share a batch", async () => {
    const store = await createSqliteStore(makeTempDir("batch"), { now: () => noon });
    const limits = { jobsPerUser: 1 };
    const results = await Promise.all([
      store.take(makeClaim({}, limits), makeJob({ id: "a" })),
      store.take(makeClaim({}, limits), makeJob({ id: "b" })),
    ]);
    expect(results.filter((result) => "taken" in result)).toHaveLength(1);
    expect(results.filter((result) => "refused" in result)).toEqual([
      { refused: { limit: "jobs", held: 1 } },
    ]);
    expect(await store.findJob("b")).toBeUndefined();
    await store.close();
  });
});

describe("the SQLite store's writer", () => {
  it("undoes the whole of a write that throws, and only it, in a batch that commits", async () => {
    const db = new Database(join(makeTempDir("writer"), "writer.sqlite"));
    db.exec("CREATE TABLE notes (text TEXT NOT NULL)");
    const write = createSqliteWriter(db, (_kind, work) => work());
    const insert = (text: string) => db.prepare("INSERT INTO notes (text) VALUES (?)").run(text);
    const outcomes = await Promise.allSettled([
      write(() => insert("kept before")),
      write(() => {
        insert("half of a write");
        throw new Error("the rest of this write failed");
      }),
      write(() => insert("kept after")),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const texts = db.prepare<[], { text: string }>("SELECT text FROM notes").all();
    expect(texts.map((row) => row.text)).toEqual(["kept before", "kept after"]);
    db.close();
  });
});

describe("the write batcher", () => {
  it("runs one commit for the writes of a turn, and rejects them all when a write ends the batch", async () => {
    const commits: number[] = [];
    const write = createWriteBatcher({
      commit: (items) => {
        commits.push(items.length);
        items.forEach((item) => item());
      },
      runOne: (work) => work(),
      endsBatch: (error) => error instanceof RangeError,
    });
    const values = await Promise.all([write(() => 1), write(() => 2), write(() => 3)]);
    expect(values).toEqual([1, 2, 3]);
    expect(commits).toEqual([3]);

    const ended = await Promise.allSettled([
      write(() => 1),
      write(() => {
        throw new RangeError("the disk is full");
      }),
      write(() => 3),
    ]);
    expect(ended.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(commits).toEqual([3, 3]);
  });
});
