import { once } from "node:events";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findClosedPort } from "../support/closed-port.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { runEntry, type RunEntryOptions } from "../support/run-entry.ts";

let holder: Server | undefined;
afterEach(async () => {
  if (holder) await new Promise<void>((resolve) => holder!.close(() => resolve()));
  holder = undefined;
});

const tempDir = () => makeTempDir("faults");

/** Starts the bot configured to reach nothing but closed loopback ports, unless `env` says otherwise. */
async function startMain(env: Record<string, string>, options?: RunEntryOptions) {
  const closed = await findClosedPort();
  const result = await runEntry(
    "src/app/main.ts",
    [],
    {
      COMETAPI_API_KEY: "sk-start-faults-test",
      COMETAPI_BASE_URL: `http://127.0.0.1:${closed}/v1`,
      COMETAPI_QUOTA_URL: `http://127.0.0.1:${closed}`,
      DISCORD_TOKEN: "a-start-faults-token",
      DISCORD_API_BASE_URL: `http://127.0.0.1:${closed}/api`,
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
    options,
  );
  return { ...result, stderrLines: result.stderr.split("\n").filter(Boolean) };
}

// A stack frame, as Node prints them ("    at start (/path/file.ts:10:5)").
const stackFrame = /^\s+at .+:\d+:\d+\)?$/m;

describe("a fault at start", () => {
  it("names PORT and its value, with no stack, when the port is taken", async () => {
    holder = createServer();
    holder.listen(0, "127.0.0.1");
    await once(holder, "listening");
    const { port } = holder.address() as AddressInfo;

    const { code, stdout, stderrLines } = await startMain({
      DATA_DIR: join(tempDir(), "data"),
      PORT: `${port}`,
    });

    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      `imagine-bot cannot start: PORT=${port}: the port is already in use (is another copy of the bot running?): stop what holds it or set PORT to a free port`,
    ]);
    expect(stdout).not.toMatch(stackFrame);
  });

  it("names DATA_DIR and its value, with no stack, when the path runs through a file", async () => {
    const file = join(tempDir(), "not-a-directory");
    writeFileSync(file, "");
    const dataDir = join(file, "data");

    const { code, stdout, stderrLines } = await startMain({ DATA_DIR: dataDir });

    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      `imagine-bot cannot start: DATA_DIR=${dataDir}: part of this path is a file, not a directory: point DATA_DIR at a directory (it is created if missing)`,
    ]);
    expect(stdout).not.toMatch(stackFrame);
  });

  it("names DATA_DIR when the bot may not write there", async () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const readOnly = join(parent, "read-only");
    mkdirSync(readOnly, { mode: 0o555 });
    chmodSync(readOnly, 0o555);
    const dataDir = join(readOnly, "data");
    // Root writes anywhere: as root, the bot runs as an unprivileged user ("nobody") instead.
    const asOther = process.getuid?.() === 0 ? { user: { uid: 65534, gid: 65534 } } : {};

    const { code, stdout, stderrLines } = await startMain({ DATA_DIR: dataDir }, asOther);

    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      `imagine-bot cannot start: DATA_DIR=${dataDir}: the bot may not write here: give the user the bot runs as write access, or point DATA_DIR elsewhere`,
    ]);
    expect(stdout).not.toMatch(stackFrame);
  });

  it("says the network failed and names DISCORD_API_BASE_URL when Discord cannot be reached", async () => {
    const apiBase = `http://127.0.0.1:${await findClosedPort()}/api`;

    const { code, stdout, stderrLines } = await startMain({
      DATA_DIR: join(tempDir(), "data"),
      DISCORD_API_BASE_URL: apiBase,
    });

    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      `imagine-bot cannot start: could not reach Discord at DISCORD_API_BASE_URL=${apiBase} (ECONNREFUSED): the network failed, not the token; check the network or DISCORD_API_BASE_URL`,
    ]);
    expect(stdout).not.toMatch(stackFrame);
    expect(stdout).not.toContain("check DISCORD_TOKEN");
  });

  it("says the network failed and names SLACK_API_URL when Slack cannot be reached", async () => {
    const apiUrl = `http://127.0.0.1:${await findClosedPort()}/api/`;

    const { code, stderrLines } = await startMain({
      DATA_DIR: join(tempDir(), "data"),
      DISCORD_TOKEN: "",
      SLACK_BOT_TOKEN: "xoxb-start-faults",
      SLACK_APP_TOKEN: "xapp-start-faults",
      SLACK_API_URL: apiUrl,
    });

    expect(code).toBe(1);
    expect(stderrLines).toEqual([
      `imagine-bot cannot start: could not reach Slack at SLACK_API_URL=${apiUrl} (ECONNREFUSED): the network failed, not the token; check the network or SLACK_API_URL`,
    ]);
  });

  it("shows the cause's stack at LOG_LEVEL=debug", async () => {
    const file = join(tempDir(), "not-a-directory");
    writeFileSync(file, "");

    const { code, stdout } = await startMain({ DATA_DIR: join(file, "data"), LOG_LEVEL: "debug" });

    expect(code).toBe(1);
    expect(stdout).toContain("ENOTDIR");
    expect(stdout).toMatch(/"stack":"/);
  });
});
