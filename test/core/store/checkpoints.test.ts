import { statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCheckpointer } from "../../../src/core/store/create-checkpointer.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";

afterEach(() => vi.useRealTimers());

/** A WAL database with one table, and a way to commit a row as the store would. */
function openWal() {
  const file = join(makeTempDir("checkpoint"), "wal.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE rows (text TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO rows (text) VALUES (?)");
  const commit = () => insert.run("x".repeat(4000));
  return { db, commit, databaseBytes: () => statSync(file).size };
}

describe("the store's checkpoints", () => {
  it("wait for a quiet moment instead of landing inside a busy commit", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { db, commit, databaseBytes } = openWal();
    const failures: unknown[] = [];
    const checkpointer = createCheckpointer(db, {
      idleMs: 1000,
      maxCommits: 10_000,
      onError: (e) => failures.push(e),
    });
    const before = databaseBytes();
    // Far past SQLite's own 1,000-page threshold: none of these commits copies the WAL back.
    for (let i = 0; i < 1500; i++) {
      commit();
      checkpointer.committed();
      vi.advanceTimersByTime(10);
    }
    expect(databaseBytes()).toBe(before);
    vi.advanceTimersByTime(1000);
    expect(databaseBytes()).toBeGreaterThan(before + 1500 * 4000);
    expect(failures).toEqual([]);
    checkpointer.stop();
    db.close();
  });

  it("checkpoints at once after its most commits when the store is never quiet", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { db, commit, databaseBytes } = openWal();
    const checkpointer = createCheckpointer(db, { idleMs: 1000, maxCommits: 50, onError: () => undefined });
    const before = databaseBytes();
    for (let i = 0; i < 50; i++) {
      commit();
      checkpointer.committed();
    }
    expect(databaseBytes()).toBeGreaterThan(before + 50 * 4000);
    checkpointer.stop();
    db.close();
  });
});
