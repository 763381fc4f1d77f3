import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";

const root = join(import.meta.dirname, "..", "..");
const tsxLoader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
const channel = "C0PROCESS1";
const image = makePng(8, 8, [1, 2, 3]);

let slack: FakeSlack;
let cometapi: FakeCometApi;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await slack?.close();
  await cometapi?.close();
});

/** Starts `src/main.ts` as `npm start` would, configured by the environment alone. */
function startBotProcess(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), "imagine-sigterm-"));
  const started = spawn(process.execPath, ["--import", tsxLoader, join(root, "src", "main.ts")], {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  started.stdout!.on("data", (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    waiters.splice(0).forEach((wake) => wake());
  });
  started.stderr!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  const waitForLog = async (message: string) => {
    while (!lines.some((line) => line.includes(`"msg":"${message}"`))) {
      if (started.exitCode !== null) throw new Error(`bot exited early:\n${lines.join("\n")}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { process: started, lines, waitForLog };
}

function mention(text: string, ts: string) {
  return slack.sendEvent({
    type: "app_mention",
    user: "U0PERSON01",
    text: `<@${slack.botUserId}> ${text}`,
    ts,
    channel,
    event_ts: ts,
  });
}

describe("the bot process on SIGTERM", () => {
  it("lets the running job finish, tells the waiting one the bot is restarting, and exits 0", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    cometapi.enqueue({ kind: "stream", partials: [image], images: [image], holdBeforeFinal: held });

    const bot = startBotProcess({
      COMETAPI_API_KEY: "sk-process-test-key",
      COMETAPI_BASE_URL: cometapi.baseUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      IMAGINE_MAX_CONCURRENCY: "1",
      IMAGINE_PROGRESS_INTERVAL_MS: "0",
      IMAGINE_SHUTDOWN_GRACE_SECONDS: "30",
    });
    child = bot.process;
    await bot.waitForLog("imagine-bot is running");

    const runningTs = slack.newTs();
    await mention("the running one", runningTs);
    await cometapi.waitForRequests(1);
    const waitingTs = slack.newTs();
    await slack.sendEvent({
      type: "app_mention",
      user: "U0PERSON02",
      text: `<@${slack.botUserId}> the waiting one`,
      ts: waitingTs,
      channel,
      event_ts: waitingTs,
    });
    await slack.waitForCall(
      (call) => call.method === "chat.postMessage" && String(call.args.text).includes("Next in line"),
    );

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await slack.waitForCall(
      (call) =>
        /chat\.(update|postMessage)/.test(call.method) && String(call.args.text).includes("restarting"),
    );
    release();
    const [code] = await exited;

    expect(code).toBe(0);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([image]);
    expect(cometapi.requests).toHaveLength(1);
    expect(bot.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
