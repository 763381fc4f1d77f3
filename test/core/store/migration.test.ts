import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { StartupError } from "../../../src/core/errors/startup-error.ts";
import { schemaVersion } from "../../../src/core/store/migrate-database.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";

const now = () => noon;

/** A store file as the version before job rows wrote it: rollback journal, two tables, version 0. */
function writeOldStoreFile(file: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = DELETE");
  db.exec(`
    CREATE TABLE last_job (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
    CREATE TABLE daily_images (
      day TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, key)
    );
  `);
  db.prepare("INSERT INTO last_job (key, at) VALUES (?, ?)").run("discord:g1:u1", noon - 30_000);
  const count = db.prepare("INSERT INTO daily_images (day, key, count) VALUES (?, ?, ?)");
  count.run(today, "discord:g1:u1", 3);
  count.run(today, "workspace:discord:g1", 5);
  db.close();
}

describe("a store file written before job rows existed", () => {
  it("opens with its cooldowns and daily counts intact, and takes jobs from then on", async () => {
    const dir = makeTempDir("migrate");
    const file = join(dir, "imagine.sqlite");
    writeOldStoreFile(file);

    const store = await createSqliteStore(dir, { now });
    expect(await store.lastJobAt("discord:g1:u1")).toBe(noon - 30_000);
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(3);
    expect(await store.imagesOn("workspace:discord:g1", today)).toBe(5);
    expect(await store.take(makeClaim({ images: 2 }, { imagesPerUserDay: 4 }), makeJob())).toEqual({
      refused: { limit: "user_day", used: 3 },
    });
    await store.take(makeClaim({ images: 1 }), makeJob());
    expect(await store.findJob("job-1")).toMatchObject({ claim: { previousJobAt: noon - 30_000 } });
    await store.close();

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("user_version", { simple: true })).toBe(schemaVersion);
    } finally {
      db.close();
    }
    const reopened = await createSqliteStore(dir, { now });
    expect(await reopened.imagesOn("discord:g1:u1", today)).toBe(4);
    expect(await reopened.findJob("job-1")).toBeDefined();
    await reopened.close();
  });
});

describe("a store file with job rows from before edits", () => {
  it("keeps its jobs and records an edit's input image from then on", async () => {
    const dir = makeTempDir("migrate");
    const file = join(dir, "imagine.sqlite");
    const store = await createSqliteStore(dir, { now });
    await store.createJob(makeJob({ id: "before-edits" }));
    await store.close();
    // Back to version 1, as the release before edits left it.
    const db = new Database(file);
    db.exec("ALTER TABLE jobs DROP COLUMN edit_inputs; DROP TABLE ledger");
    db.pragma("user_version = 1");
    db.close();

    const reopened = await createSqliteStore(dir, { now });
    expect((await reopened.findJob("before-edits"))?.request).not.toHaveProperty("edit");
    const image = { url: "https://cdn.discordapp.com/a/1/cat.png", name: "cat.png", declaredBytes: 1234 };
    await reopened.createJob(makeJob({ id: "an-edit", request: { ...makeJob().request, edit: { image } } }));
    expect((await reopened.findJob("an-edit"))?.request.edit).toEqual({ image });
    await reopened.close();
  });
});

describe("a store file from before budgets", () => {
  it("keeps its counters and jobs, and counts money spent from then on", async () => {
    const dir = makeTempDir("migrate");
    const file = join(dir, "imagine.sqlite");
    const store = await createSqliteStore(dir, { now });
    await store.addImages("discord:g1:u1", today, 2);
    await store.createJob(makeJob({ id: "before-budgets" }));
    await store.close();
    // Back to version 2, as the release before budgets left it.
    const db = new Database(file);
    db.exec("DROP TABLE ledger");
    db.pragma("user_version = 2");
    db.close();

    const reopened = await createSqliteStore(dir, { now });
    expect(await reopened.imagesOn("discord:g1:u1", today)).toBe(2);
    expect(await reopened.findJob("before-budgets")).toBeDefined();
    const taken = await reopened.take({
      userKey: "discord:g1:u1",
      day: today,
      at: now(),
      images: 1,
      reserveMicroUsd: 40_000,
      limits: { jobsPerUser: 0, cooldownMs: 0, imagesPerUserDay: 0, imagesPerWorkspaceDay: 0 },
    });
    expect("taken" in taken).toBe(true);
    expect((await reopened.ledgerOf("discord:g1:u1", today)).microUsd).toBe(40_000);
    await reopened.close();
  });
});

describe("a store file written by a newer version", () => {
  it("stops the start with a line naming the file, and leaves it as it was", async () => {
    const dir = makeTempDir("migrate");
    const file = join(dir, "imagine.sqlite");
    writeOldStoreFile(file);
    const db = new Database(file);
    db.pragma("user_version = 7");
    db.close();
    const before = readFileSync(file);

    const failure = await createSqliteStore(dir, { now }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).message).toContain(file);
    expect((failure as StartupError).message).toContain("newer version");
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(["imagine.sqlite"]);
  });
});
