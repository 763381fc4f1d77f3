import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runEntry } from "../support/run-entry.ts";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

const startMain = (env: Record<string, string>) => runEntry("src/app/main.ts", [], env);

const tempDir = () => makeTempDir("start");
let running: BotProcess | undefined;
let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = undefined;
});

/** The JSON log lines a process wrote, parsed. */
const logEntries = (lines: readonly string[]) =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as { level: number; msg: string }];
    } catch {
      return [];
    }
  });

describe("starting the bot", () => {
  it("exits non-zero with one readable line per problem when nothing is configured", async () => {
    const { code, stderr } = await startMain({});
    expect(code).toBe(1);
    expect(stderr).toContain("COMETAPI_API_KEY: required: set it to your CometAPI key");
    expect(stderr).toContain("DISCORD_TOKEN or SLACK_BOT_TOKEN: set at least one");
    expect(stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it("lists every bad value at once", async () => {
    const { code, stderr } = await startMain({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "t",
      PORT: "http",
      LOG_LEVEL: "loud",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("PORT: must be a whole number between 0 and 65535");
    expect(stderr).toContain("LOG_LEVEL: must be one of");
  });

  it("checks the policy file at start, one line per problem", async () => {
    const file = join(tempDir(), "policy.yml");
    writeFileSync(file, "limits:\n  cooldownSecs: 3\n");
    const { code, stderr } = await startMain({
      COMETAPI_API_KEY: "k",
      DISCORD_TOKEN: "t",
      IMAGINE_POLICY_FILE: file,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: limits: Unrecognized key: "cooldownSecs"`);
  });

  it("names the variable meant when a misspelt one is why a value is missing", async () => {
    const { code, stderr } = await startMain({ COMETAPI_API_KEY: "k", SLACK_BOT_TOKN: "xoxb-not-shown" });
    expect(code).toBe(1);
    expect(stderr).toContain("DISCORD_TOKEN or SLACK_BOT_TOKEN: set at least one");
    expect(stderr).toContain("SLACK_BOT_TOKN is not a variable imagine-bot knows");
    expect(stderr).toContain("did you mean SLACK_BOT_TOKEN?");
    expect(stderr).not.toContain("xoxb-not-shown");
  });

  it("warns once about each mistyped variable, and logs the rules in force", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    running = startBotProcess(
      { slack, cometapi },
      {
        SLACK_ALLOWED_CHANNEL_IDS: "C0ART",
        IMAGINE_COOLDOWN_SECOND: "5",
        DISCORD_ALLOWED_CHANNELS: "900000000000000020",
      },
      "start",
    );
    await running.waitForLine((line) => line.includes('"msg":"imagine-bot is running"'));

    const entries = logEntries(running.lines);
    const warnings = entries.filter((entry) => entry.level === 40).map((entry) => entry.msg);
    expect(warnings.filter((msg) => msg.includes("IMAGINE_COOLDOWN_SECOND "))).toEqual([
      "IMAGINE_COOLDOWN_SECOND is not a variable imagine-bot knows, so it changes nothing: did you mean IMAGINE_COOLDOWN_SECONDS?",
    ]);
    expect(warnings.filter((msg) => msg.includes("DISCORD_ALLOWED_CHANNELS "))).toEqual([
      "DISCORD_ALLOWED_CHANNELS is not a variable imagine-bot knows, so it changes nothing: did you mean DISCORD_ALLOWED_CHANNEL_IDS?",
    ]);
    const info = entries.filter((entry) => entry.level === 30).map((entry) => entry.msg);
    expect(info).toContain("platforms: Slack (Socket Mode)");
    expect(info.find((msg) => msg.startsWith("Slack access:"))).toContain("; channels C0ART;");
    expect(info.find((msg) => msg.startsWith("limits:"))).toContain("no cooldown;");
  });
});
