import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { botProcessEnv } from "../support/bot-process-env.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";

const root = join(import.meta.dirname, "..", "..");

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let npm: ChildProcess | undefined;

/** Whether any process of the group `npm start` leads (npm, a shell, the bot, its helpers) is alive. */
function groupAlive(leader: number): boolean {
  try {
    process.kill(-leader, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  if (npm?.pid && groupAlive(npm.pid)) process.kill(-npm.pid, "SIGKILL");
  await slack?.close();
  await cometapi?.close();
  npm = slack = cometapi = undefined;
});

describe("npm start", () => {
  it("passes a supervisor's SIGTERM to the bot: the whole process tree stops, exit code 0", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    const dataDir = makeTempDir("npm-start");
    // As the README runs it, configured by the environment alone; a group of its own, so the test
    // can tell whether anything it started outlives it.
    npm = spawn("npm", ["start"], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        ...(process.env.HOME && { HOME: process.env.HOME }),
        npm_config_update_notifier: "false",
        ...botProcessEnv({ slack, cometapi, dataDir }),
      },
    });
    let output = "";
    npm.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(npm, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    await vi.waitFor(
      () => {
        if (npm!.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        expect(output).toContain('"msg":"imagine-bot is running"');
      },
      { timeout: 15_000, interval: 50 },
    );

    npm.kill("SIGTERM");
    const [code, signal] = await exited;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"stopped"');
    await vi.waitFor(() => expect(groupAlive(npm!.pid!)).toBe(false), { timeout: 5000, interval: 50 });
  });
});
