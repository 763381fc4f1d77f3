import { writeFileSync } from "node:fs";
import { schemaVersion } from "../../../src/core/store/migrate-database.ts";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createPolicy } from "../../../src/core/policy/policy.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { actor } from "../../support/actors.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { startEntry } from "../../support/run-entry.ts";
import { makeClaim, makeJob, noon, today } from "./make-job.ts";

const dataDir = () => makeTempDir("store");

// Every date here comes from this clock, never from the machine's: the store drops old days by it.
const dayMs = 86_400_000;
const now = () => noon;
const tomorrow = utcDay(noon + dayMs);

/** Starts the fixture that takes claims in a process of its own, on the store under `dir`. */
function startTaker(dir: string, env: Record<string, string>) {
  return startEntry(
    "test/core/store/fixtures/take-claims.ts",
    { DATA_DIR: dir, DAILY_LIMIT: "0", ...env },
    dir,
  );
}

const summaryOf = async (taker: ReturnType<typeof startTaker>) =>
  JSON.parse(await taker.waitForLine((line) => line.startsWith("{"))) as { taken: number; refused: number };

describe("the SQLite store", () => {
  it("keeps counters, cooldowns and jobs across a restart", async () => {
    const dir = join(dataDir(), "nested");
    const first = await createSqliteStore(dir, { now });
    await first.setLastJobAt("discord:g:u", 1234);
    await first.addImages("discord:g:u", today, 3);
    await first.createJob(makeJob());
    await first.close();

    const second = await createSqliteStore(dir, { now });
    expect(await second.lastJobAt("discord:g:u")).toBe(1234);
    expect(await second.imagesOn("discord:g:u", today)).toBe(3);
    expect(await second.imagesOn("discord:g:u", tomorrow)).toBe(0);
    expect(await second.lastJobAt("someone-else")).toBeUndefined();
    expect(await second.findJob("job-1")).toEqual(makeJob());
    await second.close();
  });

  it("keeps no copy of its own: a second store on the same file sees each commit at once", async () => {
    const dir = dataDir();
    const first = await createSqliteStore(dir, { now });
    const second = await createSqliteStore(dir, { now });

    await first.take(makeClaim({ images: 2 }), makeJob({ status: "running" }));
    expect(await second.findJob("job-1")).toMatchObject({ status: "running", claim: { images: 2 } });
    expect(await second.imagesOn("discord:g1:u1", today)).toBe(2);
    expect(await second.take(makeClaim({ images: 2 }, { imagesPerUserDay: 3 }))).toEqual({
      refused: { limit: "user_day", used: 2 },
    });

    expect(await second.interruptJob("job-1", noon + 1000, "restarted")).toBe(true);
    expect(await first.imagesOn("discord:g1:u1", today)).toBe(0);
    expect(await first.interruptJob("job-1", noon + 2000, "restarted")).toBe(false);
    await first.close();
    await second.close();
  });

  it("gives the person a dead process was telling of an interrupted job back to the next start", async () => {
    const dir = dataDir();
    const first = await createSqliteStore(dir, { now });
    await first.createJob(makeJob({ status: "interrupted", errorCode: "restarted" }));
    expect(await first.claimUntoldJob("job-1")).toBe(true);
    expect(await first.untoldJobs()).toEqual([]);
    // The process dies before it records that it told them.
    await first.close();

    const second = await createSqliteStore(dir, { now });
    expect((await second.untoldJobs()).map((job) => job.id)).toEqual(["job-1"]);
    expect(await second.claimUntoldJob("job-1")).toBe(true);
    expect(await second.claimUntoldJob("job-1")).toBe(false);
    await second.close();
  });

  it("lets two processes taking at once never pass a daily limit together", async () => {
    const dir = dataDir();
    const go = join(dir, "go");
    const env = { GO_FILE: go, ATTEMPTS: "150", DAILY_LIMIT: "200" };
    // The store file exists before either starts, so neither creates its schema in the other's way.
    await (await createSqliteStore(dir, { now })).close();
    const takers = [startTaker(dir, env), startTaker(dir, env)];
    try {
      await Promise.all(takers.map((taker) => taker.waitForLine((line) => line === "ready")));
      writeFileSync(go, "");
      const [a, b] = await Promise.all(takers.map(summaryOf));

      expect((a?.taken ?? 0) + (b?.taken ?? 0)).toBe(200);
      expect((a?.refused ?? 0) + (b?.refused ?? 0)).toBe(100);
      expect(await Promise.all(takers.map((taker) => taker.exited))).toEqual([0, 0]);
    } finally {
      await Promise.all(takers.map((taker) => taker.stop()));
    }
    const store = await createSqliteStore(dir, { now });
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(200);
    expect(await store.recentJobs("discord", "u1", 1000)).toHaveLength(200);
    await store.close();
  });

  it("loses nothing a call committed when its process is killed right after", async () => {
    const dir = dataDir();
    const taker = startTaker(dir, { ATTEMPTS: "1", HOLD: "1" });
    try {
      expect(await summaryOf(taker)).toEqual({ taken: 1, refused: 0 });
    } finally {
      await taker.stop();
    }
    expect(taker.child.signalCode).toBe("SIGKILL");

    const store = await createSqliteStore(dir, { now });
    expect(await store.imagesOn("discord:g1:u1", today)).toBe(1);
    expect(await store.unfinishedJobs()).toHaveLength(1);
    await store.close();
  });

  it("writes the file in WAL mode, at the schema version that has job rows", async () => {
    const dir = dataDir();
    await (await createSqliteStore(dir, { now })).close();
    const db = new Database(join(dir, "imagine.sqlite"), { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("user_version", { simple: true })).toBe(schemaVersion);
    } finally {
      db.close();
    }
  });

  it("drops daily counters older than a few days at start", async () => {
    const dir = dataDir();
    const first = await createSqliteStore(dir, { now });
    await first.addImages("k", today, 4);
    await first.addImages("k", tomorrow, 1);
    await first.close();
    const fourDaysLater = await createSqliteStore(dir, { now: () => noon + 4 * dayMs });
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
