import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { StartupError } from "../../../src/core/errors/startup-error.ts";
import { explainDataDirFault } from "../../../src/core/store/explain-data-dir-fault.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";
import { noon } from "./make-job.ts";

/** What starting the store in `dataDir` fails with, as the operator would read it. */
const startFailure = (dataDir: string) =>
  createSqliteStore(dataDir, { now: () => noon, busyTimeoutMs: 50 }).then(
    () => undefined,
    (error: unknown) => explainDataDirFault(error, dataDir),
  );

describe("explaining a data directory the store cannot use at start", () => {
  it("names DATA_DIR and what to do when the store file's place is taken by a directory", async () => {
    const dataDir = join(makeTempDir("fault"), "data");
    mkdirSync(join(dataDir, "imagine.sqlite"), { recursive: true });

    const failure = await startFailure(dataDir);

    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).message).toBe(
      `DATA_DIR=${dataDir}: the store file inside it is a directory: move it aside or point DATA_DIR elsewhere`,
    );
  });

  it("names DATA_DIR when another program holds the store file locked", async () => {
    const dataDir = makeTempDir("fault");
    await (await createSqliteStore(dataDir, { now: () => noon })).close();
    const holder = new Database(join(dataDir, "imagine.sqlite"));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const failure = await startFailure(dataDir);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as StartupError).message).toContain(`DATA_DIR=${dataDir}: another program holds`);
      expect((failure as StartupError).cause).toMatchObject({ code: "SQLITE_BUSY" });
    } finally {
      holder.close();
    }
  });

  it("words SQLite's extended codes by their primary code, and leaves other errors as they are", () => {
    const ioError = new Database.SqliteError("disk I/O error", "SQLITE_IOERR_WRITE");
    expect((explainDataDirFault(ioError, "/srv/data") as Error).message).toContain("failed to read or write");
    const mistake = new Database.SqliteError("no such table: x", "SQLITE_ERROR");
    expect(explainDataDirFault(mistake, "/srv/data")).toBe(mistake);
    const startup = new StartupError("The store file is damaged");
    expect(explainDataDirFault(startup, "/srv/data")).toBe(startup);
  });
});
