import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let bot: BotProcess | undefined;
let holder: Database.Database | undefined;

afterEach(async () => {
  holder?.close();
  holder = undefined;
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

// An open database keeps its files open, so taking the data directory away no longer stops its
// writes, and root writes through any permission bits: the store file is locked instead, by
// another program holding its write lock, which the bot meets exactly like a disk refusing writes.
describe("the bot process when its store file stops taking writes", () => {
  it("refuses requests politely, logs why once, serves again once it can write, and exits 0 on SIGTERM", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    cometapi.enqueue({ kind: "json", images: [makePng(8, 8, [1, 2, 3])] });
    bot = startBotProcess({ slack, cometapi }, {}, "disk");
    await bot.waitForLine((line) => messageOf(line) === "imagine-bot is running");
    const file = join(bot.dataDir, "imagine.sqlite");
    const mention = async (text: string) => {
      const ts = slack!.newTs();
      await slack!.sendEvent({
        type: "app_mention",
        user: "U0PERSON01",
        text: `<@${slack!.botUserId}> ${text}`,
        ts,
        channel: "C0DISK0001",
        event_ts: ts,
      });
    };

    holder = new Database(file);
    holder.exec("BEGIN IMMEDIATE");
    await mention("a lighthouse at dusk");
    await mention("a lighthouse at dawn");
    const refusals = () => slack!.ephemeralsFor("C0DISK0001", "U0PERSON01");
    await slack.waitUntil(() => refusals().length === 2, "both requests answered privately");
    for (const refusal of refusals()) expect(refusal.text).toContain("can't save requests right now");
    const failing = await bot.waitForLine(
      (line) => messageOf(line)?.startsWith("could not use the store") === true,
    );
    expect(messageOf(failing)).toContain(file);

    holder.exec("COMMIT");
    holder.close();
    holder = undefined;
    await mention("a lighthouse at noon");
    await slack.waitForCall((call) => call.method === "files.completeUploadExternal");
    await bot.waitForLine((line) => messageOf(line) === `the store ${file} takes writes again`);

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    const messages = bot.lines.map(messageOf);
    expect(messages.filter((message) => message?.startsWith("could not use the store"))).toHaveLength(1);
    expect(messages.filter((message) => message?.includes("takes writes again"))).toHaveLength(1);
    expect(messages).toContain("stopped");
  });
});
