import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { botProcessEnv } from "../support/bot-process-env.ts";
import { startEntry, type StartedEntry } from "../support/run-entry.ts";

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
let bot: StartedEntry | undefined;
const dirs: string[] = [];

afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
  await bot?.exited;
  await slack?.close();
  await cometapi?.close();
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
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
    const root = mkdtempSync(join(tmpdir(), "imagine-disk-"));
    dirs.push(root);
    const dataDir = join(root, "data");
    bot = startEntry("src/app/main.ts", botProcessEnv({ slack, cometapi, dataDir }), root);
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
