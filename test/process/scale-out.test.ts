import { Redis } from "ioredis";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeSlack, type FakeMessage, type FakeSlack } from "../fakes/slack/index.ts";
import { heldStream } from "../support/held-stream.ts";
import { acceptedJobIds, isRunningLine } from "../support/read-bot-log.ts";
import { startRedisServer, whyNoRedisServer } from "../support/redis-server.ts";
import { createBotProcesses, restartPng as png } from "../support/restart-kit.ts";
import { resultUploads } from "../support/result-uploads.ts";
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
const noRedisServer = redisRequired ? undefined : await whyNoRedisServer();
const skipNote = (reason: string | undefined) => (reason ? ` (skipped: ${reason})` : "");

const channel = "C0SCALE001";
const alice = "U0ALICE001";
/** People who each ask once: none of them meets a limit of their own. */
const people = ["U0PERSON01", "U0PERSON02", "U0PERSON03", "U0PERSON04", "U0PERSON05"];
const signingSecret = "scale-out-signing-secret";
const interruptedSentence =
  ":warning: The bot restarted before your image was finished. Press Retry to make it again.";
const storeUnavailableSentence = "The bot can't save requests right now; please try again in a minute.";
/** Two processes start (each compiles its TypeScript), then they work through a few requests. */
const testTimeoutMs = 90_000;

let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("scale-out");
let releaseHeld: (() => void) | undefined;

afterEach(async () => {
  releaseHeld?.();
  releaseHeld = undefined;
  await processes.stopAll();
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = undefined;
});

/** One instance of the bot in Slack HTTP mode, with its HTTP server's port. */
interface Instance {
  readonly bot: BotProcess;
  readonly port: number;
}

/** Starts the fakes, and `count` instances on the Redis at `redisUrl` under a prefix of the test's own. */
async function startInstances(count: number, env: Record<string, string> = {}, redisUrl = testRedisUrl) {
  slack = await startFakeSlack();
  cometapi = await startFakeCometApi();
  const prefix = uniquePrefix();
  onTestFinished(() => (redisUrl === testRedisUrl ? deleteKeysUnder(prefix) : undefined));
  // Every image request answers at once with an image, unless a test scripts another answer.
  cometapi.fallback = { kind: "json", images: [png.image1] };
  const shared = {
    REDIS_URL: redisUrl,
    IMAGINE_REDIS_PREFIX: prefix,
    IMAGINE_MAX_CONCURRENCY: "8",
    ...env,
  };
  const instances: Instance[] = [];
  for (let index = 0; index < count; index += 1) {
    const bot = await processes.start({ slack, cometapi, signingSecret }, shared);
    const running = JSON.parse(bot.lines.find(isRunningLine) ?? "{}") as { port: number };
    instances.push({ bot, port: running.port });
  }
  return { instances, prefix };
}

/** An `@bot` mention by `user` in the channel, as the Events API body Slack would POST. */
function mentionBody(text: string, user = alice, eventId?: string) {
  const ts = slack!.newTs();
  const event = {
    type: "app_mention",
    user,
    text: `<@${slack!.botUserId}> ${text}`,
    channel,
    ts,
    event_ts: ts,
  };
  return { ts, body: slack!.eventCallback(event, eventId ? { eventId } : {}) };
}

/** POSTs a signed Events API request to one instance, as the load balancer would pass it on. */
async function post(instance: Instance, body: object, retryNum?: number): Promise<number> {
  const request = slack!.signedEventRequest(body, {
    signingSecret,
    ...(retryNum !== undefined && { retryNum }),
  });
  const response = await fetch(`http://127.0.0.1:${instance.port}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function readyz(instance: Instance): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/readyz`);
  return { status: response.status, body: await response.text() };
}

/** The `action_id`s of a message's buttons. */
function actionIds(message: FakeMessage | undefined): string[] {
  const blocks = Array.isArray(message?.blocks) ? (message.blocks as { elements?: unknown[] }[]) : [];
  return blocks.flatMap((block) => (block.elements ?? []).map((e) => (e as { action_id: string }).action_id));
}

const generations = () => cometapi!.requests.filter((request) => request.route === "generations");
const bots = (instances: readonly Instance[]) => instances.map((instance) => instance.bot);
const allAccepted = (instances: readonly Instance[]) =>
  bots(instances).flatMap((bot) => acceptedJobIds(bot.lines));
/** A thread finished: its placeholder carries the result's four buttons. */
const finished = (ts: string) =>
  slack!.messagesIn(channel, ts).some((message) => actionIds(message).length === 4);

describe.skipIf(noRedis !== undefined)(`two bot processes on one Redis${skipNote(noRedis)}`, () => {
  it(
    "answers requests sent to either, each exactly once, and makes one job of an event delivered to both",
    async () => {
      const { instances } = await startInstances(2);
      const mentions = people
        .slice(0, 4)
        .map((person, index) => mentionBody(`a lighthouse, take ${index}`, person));
      expect(await Promise.all(mentions.map(({ body }, index) => post(instances[index % 2]!, body)))).toEqual(
        [200, 200, 200, 200],
      );
      for (const { ts } of mentions)
        await slack!.waitUntil(() => finished(ts), `the thread of ${ts} finished`);

      for (const { ts } of mentions) {
        const thread = slack!.messagesIn(channel, ts);
        // One placeholder, become the last word, and one image.
        expect(thread.filter((message) => !message.files?.length)).toHaveLength(1);
        expect(thread.filter((message) => message.files?.length)).toHaveLength(1);
      }
      expect(generations()).toHaveLength(4);
      expect(resultUploads(slack!)).toHaveLength(4);
      // Both took their share.
      expect(bots(instances).map((bot) => acceptedJobIds(bot.lines).length)).toEqual([2, 2]);

      // Slack retries an event it thinks was not acknowledged in time; the balancer sends the
      // retry to the other instance while the first delivery is still being handled.
      const twice = mentionBody("a harbour at noon", people[4], "Ev0TWICE0001");
      expect(
        await Promise.all([post(instances[0]!, twice.body), post(instances[1]!, twice.body, 1)]),
      ).toEqual([200, 200]);
      await slack!.waitUntil(() => finished(twice.ts), "the thread of the event delivered twice finished");
      const ignored = (bot: BotProcess) =>
        bot.lines.some(
          (line) => line.includes("ignored a repeated delivery") && line.includes("Ev0TWICE0001"),
        );
      await vi.waitFor(() => expect(bots(instances).filter(ignored)).toHaveLength(1), { timeout: 10_000 });
      expect(generations()).toHaveLength(5);
      expect(allAccepted(instances)).toHaveLength(5);
      expect(slack!.messagesIn(channel, twice.ts).filter((message) => message.files?.length)).toHaveLength(1);
    },
    testTimeoutMs,
  );

  it(
    "holds one person's burst spread over both to their daily limit",
    async () => {
      const { instances } = await startInstances(2, { IMAGINE_DAILY_LIMIT_PER_USER: "2" });
      const burst = Array.from({ length: 6 }, (_, index) => mentionBody(`a red kite, take ${index}`));
      await Promise.all(burst.map(({ body }, index) => post(instances[index % 2]!, body)));

      await slack!.waitUntil(
        () =>
          burst.filter(({ ts }) => finished(ts)).length === 2 &&
          slack!.ephemeralsFor(channel, alice).length === 4,
        "two images made and four requests refused",
      );
      expect(generations()).toHaveLength(2);
      expect(resultUploads(slack!)).toHaveLength(2);
      for (const refusal of slack!.ephemeralsFor(channel, alice)) {
        expect(refusal.text).toMatch(/^You have reached your daily limit of 2 images\./);
      }
      expect(allAccepted(instances)).toHaveLength(2);
    },
    testTimeoutMs,
  );

  it(
    "closes visibly, from the other instance, the job of an instance killed mid-generation, without making it again",
    async () => {
      const { instances, prefix } = await startInstances(2, { IMAGINE_INSTANCE_LEASE_SECONDS: "2" });
      const [accepting, other] = instances as [Instance, Instance];
      const held = heldStream([png.preview], [png.image1]);
      releaseHeld = held.release;
      cometapi!.enqueue(held.behaviour);

      const { ts, body } = mentionBody("a lighthouse at dusk");
      expect(await post(accepting, body)).toBe(200);
      const posted = await slack!.waitForCall(
        (call) => call.method === "chat.postMessage" && call.args["thread_ts"] === ts,
      );
      const placeholderTs = (posted.response as { ts: string }).ts;
      // Mid-generation: the preview is drawn, the final image held back.
      await slack!.waitForCall(
        (call) =>
          call.method === "chat.update" &&
          call.args["ts"] === placeholderTs &&
          String(call.args["text"]).includes("preview 1"),
      );
      const [jobId = ""] = acceptedJobIds(accepting.bot.lines);
      // Either instance's worker may have taken the job from the shared queue: kill the one running it.
      const takes = (line: string) =>
        line.includes("job taken from the shared queue") && line.includes(jobId);
      const doomed = await Promise.any(
        [accepting, other].map(async (instance) => {
          await instance.bot.waitForLine(takes, { timeoutMs: 10_000 });
          return instance;
        }),
      );
      const survivor = doomed === accepting ? other : accepting;

      doomed.bot.child.kill("SIGKILL");
      await doomed.bot.exited;
      const killedAt = Date.now();
      await slack!.waitUntil(
        () => slack!.messagesIn(channel, ts).some((message) => message.text === interruptedSentence),
        "the other instance to close the killed job",
        { timeoutMs: 20_000 },
      );
      // The lease (2 s) runs out, and the survivor's next sweep (every second) closes it.
      expect(Date.now() - killedAt).toBeLessThan(10_000);

      const placeholder = slack!.messagesIn(channel, ts).find((message) => message.ts === placeholderTs);
      expect(placeholder?.text).toBe(interruptedSentence);
      expect(actionIds(placeholder)).toEqual([`imagine:retry:${jobId}`]);
      expect(slack!.messagesIn(channel, ts).map((message) => message.ts)).toEqual([placeholderTs]);
      expect(generations()).toHaveLength(1);
      expect(survivor.bot.lines.some(takes)).toBe(false);
      // Recorded as told, so no later sweep of any instance tells them again.
      await survivor.bot.waitForLine(
        (line) => line.includes("told people of the jobs a previous run left unfinished"),
        { timeoutMs: 10_000 },
      );
      const redis = new Redis(testRedisUrl);
      onTestFinished(() => void redis.disconnect());
      expect(await redis.hmget(`${prefix}job:${jobId}`, "status", "errorCode")).toEqual([
        "interrupted",
        "interrupted",
      ]);
    },
    testTimeoutMs,
  );
});

describe.skipIf(noRedisServer !== undefined)(
  `a bot process whose Redis stops${skipNote(noRedisServer)}`,
  () => {
    it(
      "is not ready and refuses requests in words while Redis is down, and works again once it is back",
      async () => {
        const redis = await startRedisServer();
        onTestFinished(() => redis.stop());
        const [instance] = (await startInstances(1, {}, redis.url)).instances as [Instance];
        expect(await readyz(instance)).toEqual({ status: 200, body: "ready\n" });

        await redis.kill();
        const address = new URL(redis.url).host;
        await vi.waitFor(
          async () =>
            expect(await readyz(instance)).toEqual({
              status: 503,
              body: `not ready: the store does not answer (Redis at ${address})\n`,
            }),
          { timeout: 10_000, interval: 50 },
        );
        const refused = mentionBody("a lighthouse in the fog");
        expect(await post(instance, refused.body)).toBe(200);
        await slack!.waitUntil(
          () => slack!.ephemeralsFor(channel, alice).length === 1,
          "the person told the request cannot be saved now",
        );
        expect(slack!.ephemeralsFor(channel, alice)[0]?.text).toContain(storeUnavailableSentence);
        expect(generations()).toEqual([]);

        await redis.restart();
        await vi.waitFor(
          async () => expect(await readyz(instance)).toEqual({ status: 200, body: "ready\n" }),
          {
            timeout: 15_000,
            interval: 50,
          },
        );
        cometapi!.fallback = { kind: "json", images: [png.image2] };
        const again = mentionBody("a lighthouse in the sun");
        expect(await post(instance, again.body)).toBe(200);
        await slack!.waitUntil(() => finished(again.ts), "the next request's image");
        expect(resultUploads(slack!).map((upload) => upload.bytes)).toEqual([png.image2]);
      },
      testTimeoutMs,
    );
  },
);
