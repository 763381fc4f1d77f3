import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { runEntry } from "../support/run-entry.ts";

describe("starting the bot on a damaged store file", () => {
  it("refuses with one line naming the file and the fix, exits 1, and leaves the file as it was", async () => {
    const root = makeTempDir("corrupt");
    const dataDir = join(root, "data");
    mkdirSync(dataDir);
    const file = join(dataDir, "imagine.sqlite");
    const damaged = Buffer.from("this was a store file once\n".repeat(40));
    writeFileSync(file, damaged);

    const { code, stdout, stderr } = await runEntry("src/app/main.ts", [], {
      COMETAPI_API_KEY: "sk-corrupt-store-test",
      // Nothing listens there: should anything reach for the network first, it fails at once.
      COMETAPI_BASE_URL: "http://127.0.0.1:1/v1",
      COMETAPI_QUOTA_URL: "http://127.0.0.1:1",
      DISCORD_API_BASE_URL: "http://127.0.0.1:1/api",
      DISCORD_TOKEN: "t",
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
    });

    const output = `${stdout}\n${stderr}`;
    expect(code).toBe(1);
    expect(output.split("\n").some((line) => line.includes(file) && line.includes("move it aside"))).toBe(
      true,
    );
    expect(output).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });
});
