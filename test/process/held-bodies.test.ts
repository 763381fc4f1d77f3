import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { maxEventBodyBytes } from "../../src/slack/inbound/create-http-listener.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { openRawRequest } from "../support/raw-http.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

const connections = 100;
// What Bolt alone would buffer per request before it checks the signature.
const boltBodyLimit = 4 * 1024 * 1024;

let bot: BotProcess | undefined;
let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;

afterEach(async () => {
  await bot?.stop();
  await slack?.close();
  await cometapi?.close();
  bot = slack = cometapi = undefined;
});

/** Resident memory of a process now, and its peak so far, in bytes (Linux's /proc). */
function memoryOf(pid: number): { resident: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { resident: kilobytes("VmRSS") * 1024, peak: kilobytes("VmHWM") * 1024 };
}

describe("the bot in Slack HTTP mode under held-open unsigned bodies", () => {
  it.runIf(existsSync("/proc/self/status"))(
    "grows by less than 100 MB for 200 such connections and keeps answering /healthz",
    async () => {
      slack = await startFakeSlack();
      cometapi = await startFakeCometApi();
      bot = startBotProcess(
        { slack, cometapi, signingSecret: "held-bodies-signing-secret" },
        {},
        "held-bodies",
      );
      const running = await bot.waitForLine((line) => line.includes('"msg":"imagine-bot is running"'));
      // The bot's own clock (its log's time), which the timestamps must be near to get past the headers.
      const { port, time } = JSON.parse(running) as { port: number; time: number };
      const pid = bot.child.pid!;
      // Once through every path the attack takes, so what is loaded on first use is in the baseline.
      const warmUp = openRawRequest(port, "POST", "/slack/events", { "content-length": "2" });
      await warmUp.write("{}");
      await warmUp.status;
      const before = memoryOf(pid).resident;

      // Signature headers pass the first look (anyone can stamp the current time). One hundred
      // connections send a body as large as the bot reads, short of its last byte; another hundred
      // send, without a length, one byte short of what Bolt alone would read. None ever finishes.
      const headers = {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(Math.floor(time / 1000)),
        "x-slack-signature": `v0=${"0".repeat(64)}`,
      };
      const largest = Buffer.alloc(maxEventBodyBytes - 1, "x");
      const huge = Buffer.alloc(boltBodyLimit - 1, "x");
      const attack = Array.from({ length: 2 * connections }, (_, index) => {
        const request = openRawRequest(port, "POST", "/slack/events", {
          ...headers,
          ...(index < connections
            ? { "content-length": String(maxEventBodyBytes) }
            : { "transfer-encoding": "chunked" }),
        });
        const sent =
          index < connections
            ? request.write(largest)
            : request.write(`${huge.length.toString(16)}\r\n`).then(() => request.write(huge));
        return { request, sent };
      });
      await Promise.all(attack.map(({ sent }) => sent));
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const grown = memoryOf(pid).peak - before;
      attack.forEach(({ request }) => request.destroy());

      expect(health.status).toBe(200);
      expect(grown).toBeLessThan(100 * 1024 * 1024);
      const tooLarge = () => bot!.lines.filter((line) => line.includes("body too large")).length;
      await vi.waitFor(() => expect(tooLarge()).toBe(connections), { timeout: 5_000 });
    },
  );
});
