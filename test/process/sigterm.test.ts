import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";
import { resultUploads } from "../support/result-uploads.ts";

const channel = "C0PROCESS1";
const image = makePng(8, 8, [1, 2, 3]);

let slack: FakeSlack;
let cometapi: FakeCometApi;
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop();
  await slack?.close();
  await cometapi?.close();
  bot = undefined;
});

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

    bot = startBotProcess(
      { slack, cometapi },
      {
        IMAGINE_MAX_CONCURRENCY: "1",
        IMAGINE_PROGRESS_INTERVAL_MS: "0",
        IMAGINE_SHUTDOWN_GRACE_SECONDS: "30",
      },
      "sigterm",
    );
    await bot.waitForLine((line) => line.includes('"msg":"imagine-bot is running"'));

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
    // Its placeholder may first say "Getting ready…" and then its place in line.
    await slack.waitForCall(
      (call) =>
        /chat\.(update|postMessage)/.test(call.method) && String(call.args.text).includes("Next in line"),
    );

    bot.child.kill("SIGTERM");
    await slack.waitForCall(
      (call) =>
        /chat\.(update|postMessage)/.test(call.method) && String(call.args.text).includes("restarting"),
    );
    release();
    const code = await bot.exited;

    expect(code).toBe(0);
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([image]);
    expect(cometapi.requests).toHaveLength(1);
    expect(bot.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
