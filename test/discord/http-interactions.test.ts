import { PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { adaptersFor, discordConfigOf } from "../../src/app/load-adapters.ts";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { ignoreJobs } from "../../src/core/jobs/job-observer.ts";
import type { Imagine } from "../../src/core/jobs/submission.ts";
import type { PlatformAdapter } from "../../src/core/platform-adapter.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import type { Store } from "../../src/core/store/store.ts";
import { createDiscordAdapterWith, type DiscordAdapterOptions } from "../../src/discord/index.ts";
import { maxInteractionBodyBytes } from "../../src/discord/inbound/create-interactions-listener.ts";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import {
  defaultGuild,
  startFakeDiscord,
  type FakeDiscord,
  type FakeMessage,
  type HttpInteractionAnswer,
  type InteractionInput,
} from "../fakes/discord/index.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { untilStatus } from "../support/job-rows.ts";
import { openRawRequest } from "../support/raw-http.ts";
import { jobIdOf, png } from "./harness.ts";

const cometApiKey = "test-cometapi-key-discord-http";
const textChannelId = defaultGuild.channels[0]!.id;
const thread = defaultGuild.threads[0]!;
const artists = defaultGuild.roles[0]!.id;
const requester = "800000000000000401";
const stranger = "800000000000000402";
const ephemeral = 64;
const now = () => middayUtc;

interface HttpHarness {
  readonly discord: FakeDiscord;
  readonly cometapi: FakeCometApi;
  readonly bot: RunningBot;
  readonly log: CapturedLog;
  readonly store: Store;
  /** Where the bot takes interactions. */
  readonly endpoint: string;
  /** Sends `/imagine` with these options; answers the interaction's token. */
  imagine(options: Record<string, string>, input?: Partial<InteractionInput>): string;
  /** The reply once it shows the result (or a "⚠️" sentence). */
  untilFinal(token: string): Promise<FakeMessage>;
  stop(): Promise<void>;
}

let harness: HttpHarness | undefined;
let adapter: PlatformAdapter | undefined;
let lone: FakeDiscord | undefined;

afterEach(async () => {
  if (harness) {
    const { discord } = harness;
    // What an HTTP-mode app must never do: the fake notes it, and no test expects any of it.
    expect(discord.protocolErrors).toEqual([]);
    expect(discord.gatewayConnections).toBe(0);
    expect(discord.calls.filter((call) => call.route === "gatewayBot" || call.route === "gateway")).toEqual(
      [],
    );
    expect(discord.calls.filter((call) => call.route === "interactionCallback")).toEqual([]);
    await harness.stop();
  }
  await adapter?.stop();
  await lone?.close();
  harness = adapter = lone = undefined;
});

/** The whole bot in HTTP interactions mode against the fake Discord (posting signed interactions) and CometAPI. */
async function startHttpHarness(
  env: Record<string, string> = {},
  options: DiscordAdapterOptions & { readonly store?: Store } = {},
): Promise<HttpHarness> {
  const discord = await startFakeDiscord({ interactions: "http", now });
  const cometapi = await startFakeCometApi();
  const log = captureLog([cometApiKey, discord.token]);
  const config = loadConfig({
    COMETAPI_API_KEY: cometApiKey,
    COMETAPI_BASE_URL: cometapi.baseUrl,
    COMETAPI_QUOTA_URL: cometapi.quotaUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    DISCORD_MODE: "http",
    DISCORD_PUBLIC_KEY: discord.publicKey,
    PORT: "0",
    HOST: "127.0.0.1",
    IMAGINE_PROGRESS_INTERVAL_MS: "0",
    IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
    ...env,
  });
  const store = options.store ?? createMemoryStore();
  const bot = await startBot({
    config,
    log: log.log,
    adapters: await adaptersFor(config, { discord: createDiscordAdapterWith(options) }),
    store,
    allowLoopbackImageUrls: true,
    backoff: { baseDelayMs: 5, maxDelayMs: 20, random: () => 0.5 },
    now,
  });
  const endpoint = `http://127.0.0.1:${bot.http.port}/discord/interactions`;
  discord.deliverInteractionsTo(endpoint);
  return {
    discord,
    cometapi,
    bot,
    log,
    store,
    endpoint,
    imagine(imagineOptions, input = {}) {
      const typed = Object.entries(imagineOptions).map(([name, value]) => ({ name, type: 3, value }));
      return discord.sendInteraction({ commandName: "imagine", options: typed, userId: requester, ...input })
        .token;
    },
    async untilFinal(token) {
      const isFinal = () => {
        const reply = discord.messageFor(token);
        return (reply?.attachments.length ?? 0) > 0 || (reply?.content.startsWith("⚠️") ?? false);
      };
      await discord.waitUntil(isFinal, `the last word of the reply to ${token}`);
      return discord.messageFor(token)!;
    },
    async stop() {
      await bot.stop();
      await Promise.all([discord.close(), cometapi.close()]);
    },
  };
}

/** The interaction response in an HTTP answer. */
const responseOf = (answer: HttpInteractionAnswer) =>
  answer.json as {
    type: number;
    data?: { flags?: number; content?: string; custom_id?: string; choices?: unknown[] };
  };

/** The PATCHes of an interaction's reply through the webhook route. */
const replyEdits = (discord: FakeDiscord, token: string) =>
  discord.calls.filter(
    (call) => call.method === "PATCH" && call.route === "webhookMessage" && call.params["token"] === token,
  );

describe("Discord over HTTP interactions", () => {
  it("answers Discord's PING with {type:1}, and opens no gateway at all", async () => {
    harness = await startHttpHarness();
    const answer = await harness.discord.ping();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ type: 1 });
    const ready = await fetch(`http://127.0.0.1:${harness.bot.http.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(harness.log.lines.join("\n")).toContain("Discord adapter started");
  });

  it("refuses a forged, missing, malformed or tampered signature with 401, and runs nothing", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi, store } = harness;
    for (const tampering of [
      { signature: "forged" as const },
      { signature: "missing" as const },
      { signature: "malformed" as const },
      { changeBody: true },
    ]) {
      discord.tamperNextInteraction(tampering);
      const token = harness.imagine({ prompt: "a lighthouse" });
      const answer = await discord.httpAnswerFor(token);
      expect({ tampering, status: answer.status }).toEqual({ tampering, status: 401 });
      expect(discord.messageFor(token)).toBeUndefined();
    }
    // A PING that Discord did not sign is refused too: it is how Discord checks the endpoint.
    discord.tamperNextInteraction({ signature: "forged" });
    expect((await discord.ping()).status).toBe(401);
    // Nothing ran: no job, no image asked for, nothing said to anyone.
    expect(await store.recentJobs("discord", requester, 10)).toEqual([]);
    expect(cometapi.requests).toEqual([]);
    expect(discord.calls.filter((call) => call.route.startsWith("webhook"))).toEqual([]);
  });

  it("refuses a correctly signed interaction stamped 6 minutes before the bot's clock", async () => {
    harness = await startHttpHarness();
    const { discord, store } = harness;
    discord.tamperNextInteraction({ timestampMs: middayUtc - 6 * 60_000 });
    const token = harness.imagine({ prompt: "a replayed lighthouse" });
    expect((await discord.httpAnswerFor(token)).status).toBe(401);
    expect(await store.recentJobs("discord", requester, 10)).toEqual([]);
  });

  it("refuses the same signed interaction sent again within its 5 minutes, and makes one image", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi, store } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    discord.tamperNextInteraction({ replay: true });
    const token = harness.imagine({ prompt: "a lighthouse, captured" });
    const answer = await discord.httpAnswerFor(token);
    expect(answer.status).toBe(200);
    expect(answer.replayStatus).toBe(401);
    const reply = await harness.untilFinal(token);
    await untilStatus(store, jobIdOf(reply), "done");
    expect(await store.recentJobs("discord", requester, 10)).toHaveLength(1);
    expect(cometapi.requests.filter((request) => request.route === "generations")).toHaveLength(1);
  });

  it("answers /imagine with {type:5} in the HTTP response, then edits the reply with the image through the webhook", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "a lighthouse" });

    const answer = await discord.httpAnswerFor(token);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ type: 5, data: { flags: 0 } });
    expect(answer.elapsedMs).toBeLessThan(3000);

    const reply = await harness.untilFinal(token);
    expect(reply.attachments.map((attachment) => attachment.bytes)).toEqual([png.image1]);
    expect(reply.content).toContain("a lighthouse");
    const last = replyEdits(discord, token).at(-1)!;
    expect(last.path).toBe(`/api/v10/webhooks/${discord.applicationId}/${token}/messages/@original`);
    expect(last.files.map((file) => file.bytes)).toEqual([png.image1]);
    expect(cometapi.requests[0]?.body).toMatchObject({ prompt: "a lighthouse" });
    await untilStatus(harness.store, jobIdOf(reply), "done");
  });

  it("takes a thread's parent for the channel rules and the member's roles from the payload, refusing privately in the HTTP response", async () => {
    harness = await startHttpHarness({
      DISCORD_ALLOWED_CHANNEL_IDS: textChannelId,
      DISCORD_ALLOWED_ROLE_IDS: artists,
    });
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });

    // No GUILD_CREATE ever came: the thread is known only from the interaction's channel object.
    const inThread = harness.imagine(
      { prompt: "a lighthouse" },
      { channelId: thread.id, memberRoles: [artists] },
    );
    expect(responseOf(await discord.httpAnswerFor(inThread)).type).toBe(5);
    await harness.untilFinal(inThread);

    const withoutRole = harness.imagine({ prompt: "a lighthouse" }, { userId: stranger, memberRoles: [] });
    const refusal = await discord.httpAnswerFor(withoutRole);
    expect(responseOf(refusal)).toMatchObject({
      type: 4,
      data: {
        flags: ephemeral,
        content: `You need the <@&${artists}> role.`,
        allowed_mentions: { parse: [] },
      },
    });
    expect(discord.messageFor(withoutRole)).toMatchObject({ ephemeral: true });

    const elsewhere = harness.imagine(
      { prompt: "a lighthouse" },
      { channelId: "900000000000000077", memberRoles: [artists] },
    );
    expect(responseOf(await discord.httpAnswerFor(elsewhere))).toMatchObject({
      type: 4,
      data: { flags: ephemeral },
    });
    expect(cometapi.requests).toHaveLength(1);
  });

  it("answers Reroll with {type:5} and makes a new image; Delete with {type:6} and removes the result", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const parent = await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));

    const reroll = discord.clickButton({
      messageId: parent.id,
      customId: parent.buttons[0]!.customId!,
      userId: stranger,
    });
    expect(parent.buttons[0]!.customId).toMatch(/^imagine:reroll:/);
    expect((await discord.httpAnswerFor(reroll.token)).json).toEqual({ type: 5, data: { flags: 0 } });
    const rerolled = await harness.untilFinal(reroll.token);
    expect(rerolled.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
    expect(rerolled.id).not.toBe(parent.id);

    const deleteId = parent.buttons.find((button) =>
      button.customId?.startsWith("imagine:delete:"),
    )!.customId!;
    // A stranger may not delete someone else's image: told privately, in the HTTP response.
    const refused = discord.clickButton({ messageId: parent.id, customId: deleteId, userId: stranger });
    expect(responseOf(await discord.httpAnswerFor(refused.token))).toMatchObject({
      type: 4,
      data: { flags: ephemeral },
    });
    expect(discord.message(parent.id)?.deleted).toBe(false);

    // A moderator may: Manage Messages comes from the payload's member permissions.
    const moderator = (PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageMessages).toString();
    const deleted = discord.clickButton({
      messageId: parent.id,
      customId: deleteId,
      userId: "800000000000000403",
      memberPermissions: moderator,
    });
    expect((await discord.httpAnswerFor(deleted.token)).json).toEqual({ type: 6 });
    await discord.waitUntil(() => discord.message(parent.id)?.deleted === true, "the result deleted");
    await untilStatus(harness.store, jobIdOf(parent), "deleted");
  });

  it("answers Vary with its modal (type 9) in the HTTP response, and the modal's submission with {type:5}", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const parent = await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));

    const varyId = parent.buttons.find((button) => button.customId?.startsWith("imagine:vary:"))!.customId!;
    const vary = discord.clickButton({ messageId: parent.id, customId: varyId, userId: requester });
    const answer = responseOf(await discord.httpAnswerFor(vary.token));
    expect(answer.type).toBe(9);
    expect(answer.data?.custom_id).toBe(discord.modalFor(vary.token)?.customId);
    const modal = discord.modalFor(vary.token)!;
    expect(modal.inputs[0]?.value).toBe("a lighthouse");

    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: "a red lighthouse" },
    });
    expect((await discord.httpAnswerFor(sent.token)).json).toEqual({ type: 5, data: { flags: 0 } });
    const varied = await harness.untilFinal(sent.token);
    expect(varied.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
    expect(cometapi.requests[1]?.body).toMatchObject({ prompt: "a red lighthouse" });
  });

  it("answers autocomplete with its choices (type 8) in the HTTP response", async () => {
    harness = await startHttpHarness();
    const { discord } = harness;
    const { token } = discord.sendInteraction({
      commandName: "imagine",
      type: 4,
      options: [
        { name: "prompt", type: 3, value: "a lighthouse" },
        { name: "size", type: 3, value: "1536", focused: true },
      ],
    });
    const answer = responseOf(await discord.httpAnswerFor(token));
    expect(answer.type).toBe(8);
    expect(answer.data?.choices).toContainEqual({ name: "1536x1024", value: "1536x1024" });
    expect(answer.data?.choices?.every((choice) => (choice as { name: string }).name.includes("1536"))).toBe(
      true,
    );
  });

  it("answers /imagine-history, /imagine-usage and /imagine-admin privately in the HTTP response", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    await harness.untilFinal(harness.imagine({ prompt: "a lighthouse" }));

    const history = discord.sendInteraction({ commandName: "imagine-history", userId: requester });
    const historyAnswer = responseOf(await discord.httpAnswerFor(history.token));
    expect(historyAnswer).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(historyAnswer.data?.content).toMatch(/ · done · a lighthouse · /);

    const usage = discord.sendInteraction({ commandName: "imagine-usage", userId: requester });
    expect(responseOf(await discord.httpAnswerFor(usage.token))).toMatchObject({
      type: 4,
      data: { flags: ephemeral },
    });

    const manageGuild = PermissionFlagsBits.ManageGuild.toString();
    const admin = discord.sendInteraction({
      commandName: "imagine-admin",
      options: [{ name: "show", type: 1, options: [] }],
      userId: "800000000000000404",
      memberPermissions: manageGuild,
    });
    const adminAnswer = responseOf(await discord.httpAnswerFor(admin.token));
    expect(adminAnswer).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(adminAnswer.data?.content).toContain("**Settings for this server**");
  });

  it("answers Edit image with its form, and edits the message's picture once the form is sent", async () => {
    harness = await startHttpHarness();
    const { discord, cometapi } = harness;
    const picture = png.image2;
    const message = discord.postMessage({
      userId: stranger,
      content: "my garden",
      files: [{ filename: "garden.png", bytes: picture }],
    });
    const command = discord.sendMessageCommand({ commandName: "Edit image", messageId: message.id });
    expect(responseOf(await discord.httpAnswerFor(command.token)).type).toBe(9);
    const modal = discord.modalFor(command.token)!;

    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const sent = discord.submitModal({
      customId: modal.customId,
      fields: { [modal.inputs[0]!.customId]: "add a pond" },
    });
    expect(responseOf(await discord.httpAnswerFor(sent.token)).type).toBe(5);
    const reply = await harness.untilFinal(sent.token);
    expect(reply.attachments.map((attachment) => attachment.bytes)).toEqual([png.image1]);
    expect(cometapi.requests[0]?.files["image"]?.bytes).toEqual(picture);
  });

  it("defers in the handler's stead when it is slow, and the job still shows its image", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const memory = createMemoryStore();
    // The store takes the person's claim only once released: the handler cannot answer before.
    const slow: Store = Object.assign(Object.create(memory) as Store, {
      take: async (...args: Parameters<Store["take"]>) => {
        await held;
        return memory.take(...args);
      },
    });
    harness = await startHttpHarness({}, { store: slow, answerWithinMs: 100 });
    const { discord, cometapi, log } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "a slow lighthouse" });

    expect((await discord.httpAnswerFor(token)).json).toEqual({ type: 5 });
    expect(log.lines.join("\n")).toContain("deferred it in the handler's stead");
    release();
    const reply = await harness.untilFinal(token);
    expect(reply.attachments.map((attachment) => attachment.bytes)).toEqual([png.image1]);
  });

  it("sends a private answer that comes after the deferral as a private follow-up, removing the placeholder", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const memory = createMemoryStore();
    const slow: Store = Object.assign(Object.create(memory) as Store, {
      recentJobs: async (...args: Parameters<Store["recentJobs"]>) => {
        await held;
        return memory.recentJobs(...args);
      },
    });
    harness = await startHttpHarness({}, { store: slow, answerWithinMs: 100 });
    const { discord } = harness;
    const { token } = discord.sendInteraction({ commandName: "imagine-history", userId: requester });
    expect((await discord.httpAnswerFor(token)).json).toEqual({ type: 5 });
    release();
    await discord.waitUntil(() => discord.followupsFor(token).length === 1, "the history as a follow-up");
    expect(discord.followupsFor(token)[0]).toMatchObject({ ephemeral: true });
    expect(discord.followupsFor(token)[0]?.content).toContain("haven't made any images yet");
    await discord.waitUntil(() => discord.messageFor(token) === undefined, "the placeholder removed");
  });

  it("takes interactions only at POST /discord/interactions, and refuses a body over its cap unread", async () => {
    harness = await startHttpHarness();
    const base = `http://127.0.0.1:${harness.bot.http.port}`;
    expect((await fetch(`${base}/discord/interactions`)).status).toBe(405);
    expect((await fetch(`${base}/discord/other`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${base}/slack/events`, { method: "POST", body: "{}" })).status).toBe(404);
    // A body declared over the cap is refused at once, before a byte of it is read.
    const large = openRawRequest(harness.bot.http.port, "POST", "/discord/interactions", {
      "content-type": "application/json",
      "content-length": String(maxInteractionBodyBytes + 1),
      "x-signature-ed25519": "00".repeat(64),
      "x-signature-timestamp": String(Math.floor(middayUtc / 1000)),
    });
    expect(await large.status).toBe(413);
    large.destroy();
  });
});

describe("starting Discord in HTTP interactions mode", () => {
  /** The adapter alone, with a core that must not be reached. */
  function httpAdapter(fake: FakeDiscord, env: Record<string, string>) {
    const config = discordConfigOf(
      loadConfig({
        COMETAPI_API_KEY: "unused",
        DISCORD_TOKEN: fake.token,
        DISCORD_API_BASE_URL: fake.apiBaseUrl,
        DISCORD_MODE: "http",
        DISCORD_PUBLIC_KEY: fake.publicKey,
        ...env,
      }),
    );
    const log = captureLog();
    const imagine = {} as Imagine; // never called: no interaction is sent
    const built = createDiscordAdapterWith()({
      config: config!,
      imagine,
      log: log.log,
      observer: ignoreJobs,
      now,
    });
    return { adapter: built, log };
  }

  it("is ready once the token's application is found with this public key, and not after it stops", async () => {
    lone = await startFakeDiscord({ interactions: "http", now });
    const started = httpAdapter(lone, {});
    adapter = started.adapter;
    expect(adapter.isReady()).toBe(false);
    expect(adapter.httpListener).toBeDefined();
    await adapter.start();
    expect(adapter.isReady()).toBe(true);
    expect(lone.calls.map((call) => call.route)).toEqual(["currentApplication"]);
    await adapter.stop();
    expect(adapter.isReady()).toBe(false);
    expect(lone.protocolErrors).toEqual([]);
    expect(started.log.lines.join("\n")).not.toContain(lone.token);
  });

  it("fails with a line naming DISCORD_PUBLIC_KEY when the key is not the application's", async () => {
    lone = await startFakeDiscord({ interactions: "http", now });
    adapter = httpAdapter(lone, { DISCORD_PUBLIC_KEY: "ab".repeat(32) }).adapter;
    await expect(adapter.start()).rejects.toThrow(
      /^DISCORD_PUBLIC_KEY is not the public key of application \d+/,
    );
  });

  it("fails with a line naming DISCORD_TOKEN when the token is refused", async () => {
    lone = await startFakeDiscord({ interactions: "http", now });
    const started = httpAdapter(lone, { DISCORD_TOKEN: "a-wrong-token-456" });
    adapter = started.adapter;
    await expect(adapter.start()).rejects.toThrow(/check DISCORD_TOKEN/);
    expect(started.log.lines.join("\n")).not.toContain("a-wrong-token-456");
  });
});
