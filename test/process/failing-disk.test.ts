import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop();
  await slack?.close();
  await cometapi?.close();
});

/** The message of a JSON log line, or undefined for any other line. */
function messageOf(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { msg?: string }).msg;
  } catch {
    return undefined;
  }
}

describe("the bot process when its data directory stops taking writes", () => {
  it("keeps serving, reports it, and on SIGTERM says what it could not save and exits 0", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    cometapi.enqueue({ kind: "json", images: [makePng(8, 8, [1, 2, 3])] });
    bot = startBotProcess({ slack, cometapi }, {}, "disk");
    const { dataDir } = bot;
    await bot.waitForLine((line) => messageOf(line) === "imagine-bot is running");

    // Root ignores permission bits, so the directory is taken away instead: every write under it fails.
    renameSync(dataDir, `${dataDir}.moved`);
    writeFileSync(dataDir, "");
    const ts = slack.newTs();
    await slack.sendEvent({
      type: "app_mention",
      user: "U0PERSON01",
      text: `<@${slack.botUserId}> a lighthouse at dusk`,
      ts,
      channel: "C0DISK0001",
      event_ts: ts,
    });
    await slack.waitForCall((call) => call.method === "files.completeUploadExternal");
    const failing = await bot.waitForLine((line) => messageOf(line)?.startsWith("could not save") === true);
    expect(messageOf(failing)).toContain(join(dataDir, "imagine.sqlite"));

    bot.child.kill("SIGTERM");
    const code = await bot.exited;

    expect(code).toBe(0);
    const messages = bot.lines.map(messageOf);
    expect(
      messages.filter((message) => message?.startsWith("could not save to") && !message.includes("shutdown")),
    ).toHaveLength(1);
    const lost = messages.find((message) => message?.includes("on shutdown"));
    expect(lost).toMatch(/lost 1 cooldown and 2 daily image counts changed since/);
    expect(messages).toContain("stopped");
  });
});
