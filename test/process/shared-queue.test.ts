import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeMessage, type FakeSlack } from "../fakes/slack/index.ts";
import { heldStream } from "../support/held-stream.ts";
import { isRunningLine } from "../support/read-bot-log.ts";
import { createBotProcesses, restartPng as png } from "../support/restart-kit.ts";
import type { BotProcess } from "../support/start-bot-process.ts";
import {
  deleteKeysUnder,
  redisRequired,
  testRedisUrl,
  uniquePrefix,
  whyNoRedis,
} from "../support/test-redis.ts";

// Without a Redis these fail in CI (which must have one) and are skipped elsewhere, saying why.
const noRedis = redisRequired ? undefined : await whyNoRedis();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

const channel = "C0SHARED01";
const people = ["U0PERSON01", "U0PERSON02", "U0PERSON03"];
const signingSecret = "shared-queue-signing-secret";
/** Two processes start (each compiles its TypeScript), then they work through a few requests. */
const testTimeoutMs = 90_000;

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("shared-queue");
const releases: (() => void)[] = [];

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await processes.stopAll();
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = undefined;
});

/** One instance in Slack HTTP mode, with its HTTP server's port. */
interface Instance {
  readonly bot: BotProcess;
  readonly port: number;
}

/** POSTs a signed `@bot` mention to one instance, as a load balancer would pass it on; resolves with its thread's ts. */
async function mention(instance: Instance, text: string, user: string): Promise<string> {
  const ts = slack!.newTs();
  const event = {
    type: "app_mention",
    user,
    text: `<@${slack!.botUserId}> ${text}`,
    channel,
    ts,
    event_ts: ts,
  };
  const request = slack!.signedEventRequest(slack!.eventCallback(event), { signingSecret });
  const response = await fetch(`http://127.0.0.1:${instance.port}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return ts;
}

/** The ids of the jobs a bot process's worker took from the shared queue. */
const jobsTakenBy = (bot: BotProcess) =>
  bot.lines.filter((line) => line.includes('"msg":"job taken from the shared queue"'));
const hasImages = (messages: FakeMessage[]) => messages.some((message) => message.files?.length);
const lastWords = (ts: string) => slack!.messagesIn(channel, ts).filter((message) => !message.files?.length);

describe.skipIf(noRedis !== undefined)(
  `the shared queue across two bot processes${skipNote(noRedis)}`,
  () => {
    it(
      "runs a job waiting in the shared queue on the other instance when the one that accepted it stops",
      async () => {
        slack = await startFakeSlack();
        cometapi = await startFakeCometApi();
        const prefix = uniquePrefix();
        onTestFinished(() => deleteKeysUnder(prefix));
        const env = {
          REDIS_URL: testRedisUrl,
          IMAGINE_REDIS_PREFIX: prefix,
          IMAGINE_MAX_CONCURRENCY: "1",
          IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
        };
        const instances: Instance[] = [];
        for (let index = 0; index < 2; index += 1) {
          const bot = await processes.start({ slack, cometapi, signingSecret }, env);
          const running = JSON.parse(bot.lines.find(isRunningLine) ?? "{}") as { port: number };
          instances.push({ bot, port: running.port });
        }
        const [accepting, other] = instances as [Instance, Instance];
        // The first two images are held: each instance's one slot is taken by one of them.
        for (const image of [png.image1, png.image2]) {
          const held = heldStream([], [image]);
          releases.push(held.release);
          cometapi.enqueue(held.behaviour);
        }
        cometapi.fallback = { kind: "json", images: [png.image1] };

        const busy = [
          await mention(accepting, "a red kite", people[0]!),
          await mention(accepting, "a blue tit", people[1]!),
        ];
        await cometapi.waitForRequests(2);
        // Their log lines may come a moment after their requests.
        await vi.waitFor(() => expect(instances.map(({ bot }) => jobsTakenBy(bot).length)).toEqual([1, 1]));
        const waiting = await mention(accepting, "a wren", people[2]!);
        await slack.waitUntil(
          () => lastWords(waiting).some((message) => message.text.includes("Next in line")),
          "the third job told its place in the shared queue",
        );

        // The instance that accepted all three stops: its own running job is told to retry, the
        // waiting one stays in the queue for the other instance, which runs it once it is free.
        accepting.bot.child.kill("SIGTERM");
        expect(await accepting.bot.exited).toBe(0);
        for (const release of releases.splice(0)) release();
        await slack.waitUntil(
          () => hasImages(slack!.messagesIn(channel, waiting)),
          "the waiting job's image",
        );
        expect(lastWords(waiting)).toHaveLength(1);
        await vi.waitFor(() => expect(jobsTakenBy(other.bot)).toHaveLength(2));
        expect(cometapi.requests.filter((request) => request.route === "generations")).toHaveLength(3);
        const stopped = busy.filter((ts) =>
          lastWords(ts).some((message) => message.text.includes("The bot is restarting")),
        );
        expect(stopped).toHaveLength(1);
      },
      testTimeoutMs,
    );
  },
);
