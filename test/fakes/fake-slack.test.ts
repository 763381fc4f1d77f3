import type { AddressInfo } from "node:net";
import { App, SocketModeReceiver, webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createCaptureLogger, startFakeSlack } from "./slack/index.ts";
import type { CaptureLogger, FakeSlack } from "./slack/index.ts";

// The WebClient's default policy retries for ~30 minutes; a test wants a failure in milliseconds.
const fastRetries = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 };
const channel = "C0CHAN0001";
const human = "U0HUMAN001";

let fake: FakeSlack | undefined;
const apps: App[] = [];

afterEach(async () => {
  // HTTPReceiver.stop() rejects when the app never started; that is not this test's failure.
  await Promise.allSettled(apps.splice(0).map((app) => app.stop()));
  await fake?.close();
  fake = undefined;
});

async function startFake(): Promise<FakeSlack> {
  fake = await startFakeSlack({ usergroups: { S0ARTISTS1: [human] } });
  return fake;
}

/**
 * A Socket Mode app whose listener errors land in `errors` instead of a log nobody reads. With
 * `clientPingTimeout` it gets its own SocketModeReceiver, only to shorten the reconnect delay
 * (clientPingTimeout × consecutive attempts, 5 s by default).
 */
function socketModeApp(
  slack: FakeSlack,
  opts: { clientPingTimeout?: number } = {},
): { app: App; logger: CaptureLogger; errors: unknown[] } {
  const logger = createCaptureLogger();
  const clientOptions = { slackApiUrl: slack.apiUrl, retryConfig: fastRetries };
  const app =
    opts.clientPingTimeout === undefined
      ? // The plain form: App copies clientOptions (slackApiUrl) into its Socket Mode client.
        new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, logger, clientOptions })
      : new App({
          token: slack.botToken,
          logger,
          clientOptions,
          receiver: new SocketModeReceiver({
            appToken: slack.appToken,
            logger,
            clientPingTimeout: opts.clientPingTimeout,
            installerOptions: { clientOptions },
          }),
        });
  const errors: unknown[] = [];
  app.error(async (error) => {
    errors.push(error);
  });
  apps.push(app);
  return { app, logger, errors };
}

describe("fake Slack with Bolt in Socket Mode", () => {
  it("delivers an app_mention and records the threaded reply and the uploaded bytes", async () => {
    const slack = await startFake();
    const { app, errors } = socketModeApp(slack);
    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x2d, 0x2d]);
    app.event("app_mention", async ({ event, say, client }) => {
      await say({ text: "Working on it", thread_ts: event.ts });
      await client.files.uploadV2({
        channel_id: event.channel,
        thread_ts: event.ts,
        file: image,
        filename: "cat.png",
        initial_comment: "Here is your cat",
      });
    });

    await app.start();
    await slack.socketConnected();
    const ts = slack.newTs();
    const { ack } = await slack.sendEvent({
      type: "app_mention",
      user: human,
      text: `<@${slack.botUserId}> a cat`,
      channel,
      ts,
    });
    await slack.waitForCall((c) => c.method === "files.completeUploadExternal");

    expect(ack).toEqual({});
    expect(errors).toEqual([]);
    const post = slack.calls.find((c) => c.method === "chat.postMessage");
    expect(post?.args).toMatchObject({ channel, text: "Working on it", thread_ts: ts });
    expect(post?.token).toBe(slack.botToken);
    expect(slack.calls.find((c) => c.method === "apps.connections.open")?.token).toBe(slack.appToken);
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0]?.bytes.equals(image)).toBe(true);
    expect(slack.uploads[0]?.filename).toBe("cat.png");
    expect(slack.messagesIn(channel, ts)).toMatchObject([
      { text: "Working on it", thread_ts: ts, user: slack.botUserId },
      { text: "Here is your cat", thread_ts: ts, files: [{ name: "cat.png" }] },
    ]);
  });

  it("answers a slash command through the ack and the response_url", async () => {
    const slack = await startFake();
    const { app, errors } = socketModeApp(slack);
    app.command("/imagine", async ({ command, ack, respond }) => {
      await ack({ text: `Queued: ${command.text}` });
      await respond({ text: "Done", response_type: "in_channel" });
    });

    await app.start();
    const { ack } = await slack.sendSlashCommand({
      command: "/imagine",
      text: "a cat",
      userId: human,
      channelId: channel,
    });
    await slack.waitForCall((c) => c.method === "response_url");

    expect(errors).toEqual([]);
    expect(ack).toEqual({ text: "Queued: a cat" });
    expect(slack.messagesIn(channel)).toMatchObject([{ text: "Done" }]);
  });

  it("passes retry_attempt and retry_reason through to the listener's context", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const retries: unknown[] = [];
    app.event("app_mention", async ({ context }) => {
      retries.push([context.retryNum, context.retryReason]);
    });

    await app.start();
    const event = { type: "app_mention", user: human, text: "hi", channel, ts: slack.newTs() };
    await slack.sendEvent(event, { retryAttempt: 1, retryReason: "timeout", eventId: "Ev0RETRY01" });

    await expect.poll(() => retries).toEqual([[1, "timeout"]]);
  });

  it("serves a forced reconnect by opening a new connection", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack, { clientPingTimeout: 2_000 });
    const seen: string[] = [];
    app.event("app_mention", async ({ event }) => {
      seen.push(event.ts);
    });

    await app.start();
    await slack.disconnectSocket();
    await slack.socketConnected();
    const ts = slack.newTs();
    await slack.sendEvent({ type: "app_mention", user: human, text: "hi", channel, ts });

    expect(slack.socketConnectionCount()).toBe(2);
    expect(slack.calls.filter((c) => c.method === "apps.connections.open")).toHaveLength(2);
    expect(seen).toEqual([ts]);
  });
});

describe("fake Slack Web API", () => {
  it("answers a 429 with a Retry-After the WebClient waits out, then lands the update", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const waits: number[] = [];
    app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    const posted = await app.client.chat.postMessage({ channel, text: "Generating…" });
    // Retry-After is whole seconds: the WebClient parseInt()s it and sleeps that long (0 here;
    // test/e2e/slack-faults.test.ts checks a real wait). Without the header it would give up.
    slack.failNext("chat.update", { error: "ratelimited", retryAfterSeconds: 0 });

    await app.client.chat.update({ channel, ts: posted.ts ?? "", text: "Done" });

    expect(slack.calls.filter((c) => c.method === "chat.update").map((c) => c.status)).toEqual([429, 200]);
    expect(waits).toEqual([0]);
    expect(slack.messagesIn(channel)).toMatchObject([{ ts: posted.ts, text: "Done", edited: {} }]);
  });

  it("answers scheduled errors, bad tokens, unknown methods and user groups", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    slack.failNext("chat.postMessage", { error: "channel_not_found" });

    await expect(app.client.chat.postMessage({ channel, text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(app.client.auth.test({ token: "xoxb-wrong" })).rejects.toMatchObject({
      data: { error: "invalid_auth" },
    });
    await expect(app.client.apiCall("nope.nothing")).rejects.toMatchObject({
      data: { error: "unknown_method" },
    });
    await expect(app.client.usergroups.users.list({ usergroup: "S0ARTISTS1" })).resolves.toMatchObject({
      users: [human],
    });
    await expect(app.client.usergroups.users.list({ usergroup: "S0NONE" })).rejects.toMatchObject({
      data: { error: "no_such_subteam" },
    });
    expect(slack.messagesIn(channel)).toEqual([]);
  });

  it("retries a failed upload POST and records only the bytes that arrived", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    slack.failUpload({ status: 500 });
    const file = Buffer.from("not really a png");

    await app.client.files.uploadV2({ channel_id: channel, file, filename: "a.png" });

    expect(slack.uploads.map((u) => u.bytes.toString())).toEqual(["not really a png"]);
    expect(slack.messagesIn(channel)).toMatchObject([{ files: [{ name: "a.png" }] }]);
  });

  it("rejects waitForCall on timeout with the calls it did see", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    await app.client.chat.postMessage({ channel, text: "only this" });

    await expect(slack.waitForCall((c) => c.method === "chat.delete", { timeoutMs: 50 })).rejects.toThrow(
      /chat\.postMessage 200/,
    );
  });
});

describe("fake Slack signed events with Bolt's HTTPReceiver", () => {
  const signingSecret = "fake-signing-secret";

  async function startHttpApp(slack: FakeSlack): Promise<{ url: string; mentions: string[] }> {
    const mentions: string[] = [];
    const app = new App({
      token: slack.botToken,
      signingSecret,
      logger: createCaptureLogger(),
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: fastRetries },
    });
    app.event("app_mention", async ({ event }) => {
      mentions.push(event.ts);
    });
    apps.push(app);
    // HTTPReceiver.start() takes net.ListenOptions and resolves with the http.Server.
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/slack/events`, mentions };
  }

  it("runs the handler for a signed event and refuses forged or stale ones with 401", async () => {
    const slack = await startFake();
    const { url, mentions } = await startHttpApp(slack);
    const post = async (ts: string, opts: { forgeSignature?: boolean; timestamp?: number } = {}) => {
      const body = slack.eventCallback({ type: "app_mention", user: human, text: "hi", channel, ts });
      const request = slack.signedEventRequest(body, { signingSecret, ...opts });
      return (await fetch(url, { method: "POST", ...request })).status;
    };

    const forgedTs = slack.newTs();
    const staleTs = slack.newTs();
    const goodTs = slack.newTs();
    expect(await post(forgedTs, { forgeSignature: true })).toBe(401);
    expect(await post(staleTs, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).toBe(401);
    expect(await post(goodTs)).toBe(200);
    await expect.poll(() => mentions).toEqual([goodTs]);
  });
});
