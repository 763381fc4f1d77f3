import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { botProcessEnv } from "../support/bot-process-env.ts";
import { startEntry, type StartedEntry } from "../support/run-entry.ts";

const apiKey = "sk-log-format-test-key";
let running: StartedEntry | undefined;
let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill("SIGKILL");
    await running.exited;
  }
  await slack?.close();
  await cometapi?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  running = slack = cometapi = dir = undefined;
});

/** The bot started as `npm start` would, on the fake Slack, its output piped (not a terminal). */
async function startBot(env: Record<string, string>): Promise<StartedEntry> {
  slack = await startFakeSlack();
  cometapi = await startFakeCometApi();
  dir = mkdtempSync(join(tmpdir(), "imagine-log-format-"));
  running = startEntry(
    "src/app/main.ts",
    botProcessEnv({ slack, cometapi, dataDir: join(dir, "data"), cometApiKey: apiKey }, env),
    dir,
  );
  return running;
}

describe("the log format of a running bot", () => {
  it("prints readable lines with LOG_FORMAT=pretty", async () => {
    const bot = await startBot({ LOG_FORMAT: "pretty" });
    const line = await bot.waitForLine((text) => text.includes("imagine-bot is running"));
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: imagine-bot is running \{"port":\d+,/);
    expect(bot.lines.filter((text) => text.startsWith('{"level"'))).toEqual([]);
    expect(bot.lines.join("\n")).not.toContain(apiKey);
  });

  it("prints JSON when the output is not a terminal and LOG_FORMAT is unset", async () => {
    const bot = await startBot({});
    const line = await bot.waitForLine((text) => text.includes("imagine-bot is running"));
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: "imagine-bot is running" });
  });
});
