import { Redis } from "ioredis";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { acceptedJobIds, isRunningLine } from "../support/read-bot-log.ts";
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

/** Members who each ask once: none of them meets a limit of their own. */
const members = Array.from({ length: 6 }, (_, index) => `80000000000000050${index + 1}`);
const ephemeral = 64;
/** Two processes start (each compiles its TypeScript), then they work through a few requests. */
const testTimeoutMs = 90_000;

let discord: FakeDiscord | undefined;
let cometapi: FakeCometApi | undefined;
const processes = createBotProcesses("scale-out-discord");

afterEach(async () => {
  await processes.stopAll();
  await discord?.close();
  await cometapi?.close();
  discord = cometapi = undefined;
});

/** One instance of the bot in Discord HTTP interactions mode, with its Interactions Endpoint URL. */
interface Instance {
  readonly bot: BotProcess;
  readonly endpoint: string;
}

/** Starts the fakes, and two instances on the test Redis under a prefix of the test's own. */
async function startTwoInstances(env: Record<string, string> = {}) {
  discord = await startFakeDiscord({ interactions: "http" });
  cometapi = await startFakeCometApi();
  const prefix = uniquePrefix();
  onTestFinished(() => deleteKeysUnder(prefix));
  // Every image request answers at once with an image.
  cometapi.fallback = { kind: "json", images: [png.image1] };
  const shared = {
    DISCORD_MODE: "http",
    DISCORD_PUBLIC_KEY: discord.publicKey,
    REDIS_URL: testRedisUrl,
    IMAGINE_REDIS_PREFIX: prefix,
    IMAGINE_MAX_CONCURRENCY: "8",
    ...env,
  };
  const instances: Instance[] = [];
  for (let index = 0; index < 2; index += 1) {
    const bot = await processes.start({ discord, cometapi }, shared);
    const { port } = JSON.parse(bot.lines.find(isRunningLine) ?? "{}") as { port: number };
    instances.push({ bot, endpoint: `http://127.0.0.1:${port}/discord/interactions` });
  }
  return { instances: instances as [Instance, Instance], prefix };
}

/**
 * Has `userId` send `/imagine prompt` and Discord POST it, signed, to this instance (as a load
 * balancer in front of both would pass it on); answers the interaction's token.
 */
function imagine(instance: Instance, prompt: string, userId: string): string {
  discord!.deliverInteractionsTo(instance.endpoint);
  return discord!.sendInteraction({
    commandName: "imagine",
    options: [{ name: "prompt", type: 3, value: prompt }],
    userId,
  }).token;
}

/** The interaction responses the bot gave in its HTTP answers, in the order of `tokens`. */
const httpResponses = (tokens: readonly string[]) =>
  Promise.all(tokens.map(async (token) => (await discord!.httpAnswerFor(token)).json));

/** The reply of the interaction shows its image. */
const hasImage = (token: string) => (discord!.messageFor(token)?.attachments.length ?? 0) > 0;

/** The edits of an interaction's reply that carried files. */
const editsWithFiles = (token: string) =>
  discord!.calls.filter(
    (call) =>
      call.method === "PATCH" &&
      call.route === "webhookMessage" &&
      call.params["token"] === token &&
      call.files.length > 0,
  );

/** What the bot called over REST with the interaction's token (its HTTP answer is recorded as a call too). */
const restCallsWithToken = (token: string) =>
  discord!.calls.filter((call) => call.params["token"] === token && call.route !== "interactionResponse");

const generations = () => cometapi!.requests.filter((request) => request.route === "generations");
const promptsGenerated = () => generations().map((request) => request.body["prompt"]);
const allAccepted = (instances: readonly Instance[]) =>
  instances.flatMap((instance) => acceptedJobIds(instance.bot.lines));

/** Resolves once some instance logged that it completed the job with this id. */
const completed = (instances: readonly Instance[], jobId: string) =>
  Promise.any(
    instances.map((instance) =>
      instance.bot.waitForLine((line) => line.includes('"msg":"job completed"') && line.includes(jobId)),
    ),
  );
/** How many times any instance's worker took the job with this id from the shared queue. */
const timesTaken = (instances: readonly Instance[], jobId: string) =>
  instances
    .flatMap((instance) => instance.bot.lines)
    .filter((line) => line.includes('"msg":"job taken from the shared queue"') && line.includes(jobId))
    .length;

describe.skipIf(noRedis !== undefined)(
  `two bot processes on one Redis, Discord over HTTP interactions${skipNote(noRedis)}`,
  () => {
    it(
      "defers /imagine sent to either in the HTTP answer, then edits each reply with its image exactly once",
      async () => {
        const { instances } = await startTwoInstances();
        const prompts = members.map((_, index) => `a lighthouse, take ${index}`);
        const tokens = members.map((member, index) =>
          imagine(instances[index % 2]!, prompts[index]!, member),
        );

        expect(await httpResponses(tokens)).toEqual(tokens.map(() => ({ type: 5, data: { flags: 0 } })));
        await discord!.waitUntil(() => tokens.every(hasImage), "every reply showing its image");
        // Each instance accepted what it was sent; either one's worker may have run it.
        expect(instances.map((instance) => acceptedJobIds(instance.bot.lines).length)).toEqual([3, 3]);
        const jobIds = allAccepted(instances);
        await Promise.all(jobIds.map((jobId) => completed(instances, jobId)));
        expect(jobIds.map((jobId) => timesTaken(instances, jobId))).toEqual(jobIds.map(() => 1));

        // One generation per interaction, and one edit carrying its image into its own reply.
        expect(promptsGenerated().toSorted()).toEqual(prompts.toSorted());
        for (const token of tokens) {
          expect(discord!.messageFor(token)?.attachments.map((attachment) => attachment.bytes)).toEqual([
            png.image1,
          ]);
          expect(editsWithFiles(token).map((edit) => edit.files.map((file) => file.bytes))).toEqual([
            [png.image1],
          ]);
          expect(discord!.followupsFor(token)).toEqual([]);
        }
        // Nothing posted beside the replies, no REST callback for an HTTP interaction, no gateway.
        expect(discord!.calls.filter((call) => call.route === "channelMessages")).toEqual([]);
        expect(discord!.protocolErrors).toEqual([]);
        expect(discord!.gatewayConnections).toBe(0);
      },
      testTimeoutMs,
    );

    it(
      "holds one member's burst spread over both to their daily limit, refusing the rest privately in the HTTP answer",
      async () => {
        const { instances } = await startTwoInstances({
          IMAGINE_DAILY_LIMIT_PER_USER: "2",
          // Only the daily limit may refuse: the default of 3 queued would refuse some of a burst of 6 too.
          IMAGINE_MAX_QUEUED_PER_USER: "10",
        });
        const [member] = members as [string];
        const tokens = Array.from({ length: 6 }, (_, index) =>
          imagine(instances[index % 2]!, `a red kite, take ${index}`, member),
        );

        const responses = (await httpResponses(tokens)) as { type: number }[];
        const accepted = tokens.filter((_, index) => responses[index]?.type === 5);
        const refusals = responses.filter((response) => response.type !== 5);
        expect(accepted).toHaveLength(2);
        expect(refusals).toHaveLength(4);
        for (const refusal of refusals) {
          expect(refusal).toMatchObject({
            type: 4,
            data: {
              flags: ephemeral,
              content: expect.stringMatching(/^You have reached your daily limit of 2 images\./) as string,
            },
          });
        }
        await discord!.waitUntil(
          () => accepted.every(hasImage),
          "the two accepted replies showing their image",
        );
        const jobIds = allAccepted(instances);
        expect(jobIds).toHaveLength(2);
        await Promise.all(jobIds.map((jobId) => completed(instances, jobId)));

        expect(generations()).toHaveLength(2);
        for (const token of accepted) expect(editsWithFiles(token)).toHaveLength(1);
        // A refusal is the interaction's whole answer: its token is never used again.
        for (const token of tokens.filter((token) => !accepted.includes(token))) {
          expect(discord!.messageFor(token)).toMatchObject({ ephemeral: true });
          expect(restCallsWithToken(token)).toEqual([]);
        }
        expect(discord!.protocolErrors).toEqual([]);
      },
      testTimeoutMs,
    );

    it(
      "refuses a forged signature with 401 on either, and runs nothing for it",
      async () => {
        const { instances, prefix } = await startTwoInstances();
        const forged = instances.map((instance, index) => {
          discord!.tamperNextInteraction({ signature: "forged" });
          return imagine(instance, `a forged lighthouse ${index}`, members[index]!);
        });
        expect(
          (await Promise.all(forged.map((token) => discord!.httpAnswerFor(token)))).map((a) => a.status),
        ).toEqual([401, 401]);

        // Genuine requests after them, to either, are served: once they are done, nothing else ran.
        const genuine = instances.map((instance, index) =>
          imagine(instance, `a real lighthouse ${index}`, members[index]!),
        );
        expect(await httpResponses(genuine)).toEqual(genuine.map(() => ({ type: 5, data: { flags: 0 } })));
        await discord!.waitUntil(() => genuine.every(hasImage), "the genuine replies showing their image");
        const jobIds = allAccepted(instances);
        await Promise.all(jobIds.map((jobId) => completed(instances, jobId)));

        expect(jobIds).toHaveLength(2);
        expect(promptsGenerated().toSorted()).toEqual(["a real lighthouse 0", "a real lighthouse 1"]);
        for (const token of forged) {
          expect(discord!.messageFor(token)).toBeUndefined();
          expect(restCallsWithToken(token)).toEqual([]);
        }
        const redis = new Redis(testRedisUrl);
        onTestFinished(() => void redis.disconnect());
        expect((await redis.keys(`${prefix}job:*`)).toSorted()).toEqual(
          jobIds.map((jobId) => `${prefix}job:${jobId}`).toSorted(),
        );
        expect(discord!.protocolErrors).toEqual([]);
      },
      testTimeoutMs,
    );
  },
);
