import { readFileSync } from "node:fs";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { describe, expect, it, vi } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createPolicy } from "../../../src/core/policy/policy.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";

const dataDir = () => makeTempDir("store");

// Every date here comes from this clock, never from the machine's: the store drops old days by it.
const dayMs = 86_400_000;
const now = () => Date.UTC(2026, 10, 25, 12);
const today = utcDay(now());
const tomorrow = utcDay(now() + dayMs);

describe("the SQLite store", () => {
  it("keeps counters and cooldowns across a restart", async () => {
    const dir = dataDir();
    const first = await createSqliteStore(join(dir, "nested"), { now });
    await first.setLastJobAt("discord:g:u", 1234);
    await first.addImages("discord:g:u", today, 3);
    await first.close();

    const second = await createSqliteStore(join(dir, "nested"), { now });
    expect(await second.lastJobAt("discord:g:u")).toBe(1234);
    expect(await second.imagesOn("discord:g:u", today)).toBe(3);
    expect(await second.imagesOn("discord:g:u", tomorrow)).toBe(0);
    expect(await second.lastJobAt("someone-else")).toBeUndefined();
    await second.close();
  });

  it("saves a change to the file soon after, without waiting for close", async () => {
    const dir = dataDir();
    const store = await createSqliteStore(dir, { now, saveDelayMs: 10 });
    await store.addImages("k", today, 2);
    // What a process started now would read from the file, once the save has run.
    const SQL = await initSqlJs();
    const countOnDisk = () => {
      const db = new SQL.Database(readFileSync(join(dir, "imagine.sqlite")));
      try {
        return db.exec("SELECT count FROM daily_images WHERE key = 'k'")[0]?.values[0]?.[0];
      } finally {
        db.close();
      }
    };
    await vi.waitFor(() => expect(countOnDisk()).toBe(2), { timeout: 5000, interval: 20 });
    await store.close();
  });

  it("gives images back without going below zero", async () => {
    const store = await createSqliteStore(dataDir(), { now });
    await store.addImages("k", today, 2);
    await store.addImages("k", today, -1);
    expect(await store.imagesOn("k", today)).toBe(1);
    await store.addImages("k", today, -5);
    expect(await store.imagesOn("k", today)).toBe(0);
    await store.close();
  });

  it("drops daily counters older than a few days at start", async () => {
    const dir = dataDir();
    const first = await createSqliteStore(dir, { now });
    await first.addImages("k", today, 4);
    await first.addImages("k", tomorrow, 1);
    await first.close();
    const fourDaysLater = await createSqliteStore(dir, { now: () => now() + 4 * dayMs });
    expect(await fourDaysLater.imagesOn("k", today)).toBe(0);
    expect(await fourDaysLater.imagesOn("k", tomorrow)).toBe(1);
    await fourDaysLater.close();
  });

  it("makes a daily limit survive a restart of the bot", async () => {
    const dir = dataDir();
    const request = {
      prompt: "x",
      model: "gpt-image-1",
      size: "1024x1024",
      count: 2,
      outputFormat: "png" as const,
    };
    const options = { access: {}, cooldownSeconds: 0, dailyLimitPerUser: 3, now };

    const before = await createSqliteStore(dir, { now });
    expect(await createPolicy({ ...options, store: before }).admit(actor(), request)).not.toBeInstanceOf(
      ImagineError,
    );
    await before.close();

    const after = await createSqliteStore(dir, { now });
    const refusal = await createPolicy({ ...options, store: after }).admit(actor(), request);
    expect(refusal).toBeInstanceOf(ImagineError);
    expect((refusal as ImagineError).code).toBe("daily_limit");
    await after.close();
  });
});
