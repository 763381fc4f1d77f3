import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StartupError } from "../../../src/core/errors/startup-error.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { utcDay } from "../../../src/kit/utc-day.ts";
import { captureLog } from "../../support/capture-log.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";

const dataDir = () => makeTempDir("store");

const now = () => Date.UTC(2026, 10, 25, 12);
const today = utcDay(now());

/** The bytes of a real store file holding enough counters to span several pages. */
async function savedStoreBytes(): Promise<Buffer> {
  const dir = dataDir();
  const store = await createSqliteStore(dir, { now });
  for (let user = 0; user < 400; user += 1) await store.addImages(`discord:guild:user-${user}`, today, 1);
  await store.close();
  return readFileSync(join(dir, "imagine.sqlite"));
}

describe("a store file that cannot be read", () => {
  const damages: Array<[string, (bytes: Buffer) => Buffer]> = [
    ["is not a database at all", () => Buffer.from("not a database, just some text\n".repeat(50))],
    ["was cut short", (bytes) => bytes.subarray(0, 4096)],
    ["has a page overwritten past its header", (bytes) => Buffer.from(bytes).fill(0x41, 5000, 9000)],
  ];

  it.each(damages)(
    "stops the start with a line naming the file and the fix, and leaves it untouched, when it %s",
    async (_damage, damage) => {
      const dir = dataDir();
      const file = join(dir, "imagine.sqlite");
      const damaged = damage(await savedStoreBytes());
      writeFileSync(file, damaged);

      const failure = await createSqliteStore(dir, { now }).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(StartupError);
      const line = (failure as StartupError).message;
      expect(line).toContain(file);
      expect(line).toContain("move it aside");
      expect(line).not.toContain("\n");
      expect(readFileSync(file).equals(damaged)).toBe(true);
      expect(readdirSync(dir)).toEqual(["imagine.sqlite"]);
    },
  );
});

describe("an empty store file", () => {
  it("starts a fresh store, says so once, and saves into it", async () => {
    const dir = dataDir();
    const file = join(dir, "imagine.sqlite");
    writeFileSync(file, "");
    const { log, records } = captureLog();

    const store = await createSqliteStore(dir, { now, log });
    await store.addImages("slack:T1:U1", today, 2);
    await store.close();

    const warnings = records().filter((record) => record.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain(`${file} is empty`);
    const reopened = await createSqliteStore(dir, { now, log });
    expect(await reopened.imagesOn("slack:T1:U1", today)).toBe(2);
    await reopened.close();
    expect(records().filter((record) => record.level === 40)).toHaveLength(1);
  });
});
