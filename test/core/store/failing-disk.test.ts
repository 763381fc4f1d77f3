import { readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { captureLog } from "../../support/capture-log.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";

afterEach(() => vi.useRealTimers());

const now = () => Date.UTC(2026, 10, 25, 12);
const today = utcDay(now());
const saveDelayMs = 100;

/**
 * Disk faults that the kernel raises for root too (tests run as root, which ignores permission
 * bits): each breaks the store's data directory and returns how to repair it.
 */
const faults: Array<[string, (dir: string) => () => void]> = [
  [
    "its directory is replaced by a file",
    (dir) => {
      renameSync(dir, `${dir}.moved`);
      writeFileSync(dir, "");
      return () => {
        rmSync(dir);
        renameSync(`${dir}.moved`, dir);
      };
    },
  ],
  [
    "the disk is full",
    (dir) => {
      // Every write to /dev/full fails with ENOSPC; the store writes this temporary file first.
      symlinkSync("/dev/full", join(dir, "imagine.sqlite.tmp"));
      return () => rmSync(join(dir, "imagine.sqlite.tmp"));
    },
  ],
];

/** A data directory with a store in it, its clock and timers under the test's control. */
async function openStore() {
  const root = makeTempDir("disk");
  const dir = join(root, "data");
  const captured = captureLog();
  const store = await createSqliteStore(dir, { now, saveDelayMs, maxRetryDelayMs: 1000, log: captured.log });
  // Only the store's save timers are faked: the wasm and the files are real.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const logged = (level: number) => captured.records().filter((record) => record.level === level);
  return { dir, store, errors: () => logged(50), infos: () => logged(30) };
}

async function imagesOnDisk(dir: string, key: string): Promise<unknown> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(join(dir, "imagine.sqlite")));
  try {
    return db.exec("SELECT count FROM daily_images WHERE key = ?", [key])[0]?.values[0]?.[0];
  } finally {
    db.close();
  }
}

describe.each(faults)("the SQLite store when %s", (_fault, breakDisk) => {
  it("keeps answering, reports once, retries, and saves everything once the disk works again", async () => {
    const { dir, store, errors, infos } = await openStore();
    const repair = breakDisk(dir);

    await store.addImages("discord:g:u", today, 2);
    await store.setLastJobAt("discord:g:u", now());
    vi.advanceTimersByTime(10_000);
    await store.addImages("discord:g:u", today, 1);
    vi.advanceTimersByTime(10_000);

    expect(await store.imagesOn("discord:g:u", today)).toBe(3);
    expect(await store.lastJobAt("discord:g:u")).toBe(now());
    expect(errors()).toHaveLength(1);
    expect(errors()[0]?.msg).toContain(join(dir, "imagine.sqlite"));
    expect(errors()[0]?.msg).toContain("retries");
    expect(infos()).toHaveLength(0);

    repair();
    // No new change is needed: a retry timer writes what piled up.
    vi.advanceTimersByTime(1000);
    expect(await imagesOnDisk(dir, "discord:g:u")).toBe(3);
    expect(infos()).toHaveLength(1);
    expect(infos()[0]?.msg).toContain("works again");

    await store.addImages("discord:g:u", today, 1);
    vi.advanceTimersByTime(saveDelayMs);
    expect(await imagesOnDisk(dir, "discord:g:u")).toBe(4);
    await store.close();
    expect(errors()).toHaveLength(1);
    expect(infos()).toHaveLength(1);
  });

  it("closes without throwing and says what it could not save", async () => {
    const { dir, store, errors } = await openStore();
    breakDisk(dir);
    await store.setLastJobAt("slack:T1:U1", now());
    await store.addImages("slack:T1:U1", today, 2);
    await store.addImages("workspace:slack:T1", today, 2);

    await expect(store.close()).resolves.toBeUndefined();

    const last = errors().at(-1)?.msg;
    expect(last).toContain("on shutdown");
    expect(last).toContain(
      `lost 1 cooldown and 2 daily image counts changed since ${new Date(now()).toISOString()}`,
    );
  });
});

describe("the SQLite store after close", () => {
  it("tries no save: a late change (a refund after shutdown) stays in memory, quietly", async () => {
    const { store, errors } = await openStore();
    await store.close();
    await store.addImages("discord:g:u", today, -1);
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(errors()).toEqual([]);
  });
});
