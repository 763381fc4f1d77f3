import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

const apiKey = "sk-log-format-test-key";
let running: BotProcess | undefined;
let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;

afterEach(async () => {
  await running?.stop();
  await slack?.close();
  await cometapi?.close();
  running = slack = cometapi = undefined;
});

/** The bot started as `npm start` would, on the fake Slack, its output piped (not a terminal). */
async function startBot(env: Record<string, string>): Promise<BotProcess> {
  slack = await startFakeSlack();
  cometapi = await startFakeCometApi();
  running = startBotProcess({ slack, cometapi, cometApiKey: apiKey }, env, "log-format");
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
