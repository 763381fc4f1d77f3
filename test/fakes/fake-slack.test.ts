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

/** A message with two buttons, as the bot puts them under a result. */
const resultBlocks = [
  { type: "section", block_id: "summary", text: { type: "mrkdwn", text: "Done" } },
  {
    type: "actions",
    block_id: "result",
    elements: [
      { type: "button", action_id: "again", text: { type: "plain_text", text: "Again" }, value: "job-1" },
      { type: "button", action_id: "discard", text: { type: "plain_text", text: "Discard" }, value: "job-1" },
    ],
  },
];

/** A modal with one text input, as the bot opens it to edit a prompt. */
const promptModal = (privateMetadata: string) => ({
  type: "modal" as const,
  callback_id: "edit_prompt",
  private_metadata: privateMetadata,
  title: { type: "plain_text" as const, text: "Edit prompt" },
  submit: { type: "plain_text" as const, text: "Generate" },
  blocks: [
    {
      type: "input" as const,
      block_id: "prompt",
      label: { type: "plain_text" as const, text: "Prompt" },
      element: { type: "plain_text_input" as const, action_id: "text" },
    },
  ],
});

const promptValue = (value: string) => ({ prompt: { text: { type: "plain_text_input", value } } });

describe("fake Slack Block Kit messages", () => {
  it("keeps blocks on posted, updated and ephemeral messages", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);

    const posted = await app.client.chat.postMessage({ channel, text: "Done", blocks: resultBlocks });
    const ts = posted.ts ?? "";
    expect(slack.messagesIn(channel)).toMatchObject([{ ts, text: "Done", blocks: resultBlocks }]);
    expect(posted.message).toMatchObject({ blocks: resultBlocks });

    const summaryOnly = resultBlocks.slice(0, 1);
    await app.client.chat.update({ channel, ts, text: "Done again", blocks: summaryOnly });
    expect(slack.messagesIn(channel)).toMatchObject([{ text: "Done again", blocks: summaryOnly }]);
    // As Slack documents for chat.update: blocks left out are kept.
    await app.client.chat.update({ channel, ts, text: "Done once more" });
    expect(slack.messagesIn(channel)).toMatchObject([{ text: "Done once more", blocks: summaryOnly }]);

    await app.client.chat.postEphemeral({ channel, user: human, text: "Only you", blocks: resultBlocks });
    expect(slack.ephemeralsFor(channel, human)).toMatchObject([{ text: "Only you", blocks: resultBlocks }]);
  });
});

describe("fake Slack interactions with Bolt in Socket Mode", () => {
  it("sends a button click as a block_actions envelope, and its response_url replaces or deletes the message", async () => {
    const slack = await startFake();
    const { app, errors } = socketModeApp(slack);
    const clicks: unknown[] = [];
    app.action("again", async ({ ack, body, respond }) => {
      await ack();
      clicks.push(body);
      await respond({ replace_original: true, text: "Making another" });
    });
    app.action("discard", async ({ ack, respond }) => {
      await ack();
      await respond({ delete_original: true });
    });
    await app.start();
    const root = slack.newTs();
    const posted = await app.client.chat.postMessage({
      channel,
      thread_ts: root,
      text: "Done",
      blocks: resultBlocks,
    });
    const ts = posted.ts ?? "";

    const click = await slack.clickAction({
      channelId: channel,
      messageTs: ts,
      actionId: "again",
      userId: human,
    });
    await slack.waitForCall((c) => c.method === "response_url");

    expect(errors).toEqual([]);
    expect(click).toEqual({ envelopeId: expect.any(String), ack: {} });
    expect(clicks).toEqual([
      expect.objectContaining({
        type: "block_actions",
        api_app_id: slack.appId,
        user: expect.objectContaining({ id: human, team_id: slack.teamId }),
        team: expect.objectContaining({ id: slack.teamId }),
        channel: expect.objectContaining({ id: channel }),
        container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
        message: expect.objectContaining({ ts, thread_ts: root, text: "Done", blocks: resultBlocks }),
        actions: [
          expect.objectContaining({
            type: "button",
            action_id: "again",
            block_id: "result",
            value: "job-1",
            action_ts: expect.any(String),
          }),
        ],
        trigger_id: expect.any(String),
        response_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
      }),
    ]);
    expect(slack.messagesIn(channel, root)).toMatchObject([{ ts, text: "Making another", blocks: [] }]);

    const second = await app.client.chat.postMessage({ channel, text: "Done", blocks: resultBlocks });
    await slack.clickAction({
      channelId: channel,
      messageTs: second.ts ?? "",
      actionId: "discard",
      userId: human,
    });
    await slack.waitUntil(() => slack.messagesIn(channel).length === 1, "the discarded message to be gone");
    expect(slack.messagesIn(channel).map((m) => m.ts)).toEqual([ts]);
  });

  it("refuses to click a button the message does not hold", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const posted = await app.client.chat.postMessage({ channel, text: "Done", blocks: resultBlocks });

    await expect(
      slack.clickAction({
        channelId: channel,
        messageTs: posted.ts ?? "",
        actionId: "upscale",
        userId: human,
      }),
    ).rejects.toThrow(/no element with action_id "upscale"/);
    await expect(
      slack.clickAction({ channelId: channel, messageTs: slack.newTs(), actionId: "again", userId: human }),
    ).rejects.toThrow(/no message/);
  });

  it("opens a modal with a click's trigger_id once, and submits it with the bot's ack deciding whether it closes", async () => {
    const slack = await startFake();
    const { app, errors } = socketModeApp(slack);
    const triggers: string[] = [];
    const submitted: unknown[] = [];
    app.action("again", async ({ ack, body, client }) => {
      await ack();
      const trigger = (body as { trigger_id: string }).trigger_id;
      triggers.push(trigger);
      await client.views.open({ trigger_id: trigger, view: promptModal("job-1") });
    });
    app.view("edit_prompt", async ({ ack, view, body }) => {
      const prompt = view.state.values["prompt"]?.["text"]?.value ?? "";
      submitted.push({ prompt, metadata: view.private_metadata, user: body.user.id });
      if (prompt.trim() === "") await ack({ response_action: "errors", errors: { prompt: "Type a prompt" } });
      else await ack();
    });
    await app.start();
    const posted = await app.client.chat.postMessage({ channel, text: "Done", blocks: resultBlocks });

    await slack.clickAction({
      channelId: channel,
      messageTs: posted.ts ?? "",
      actionId: "again",
      userId: human,
    });
    const opened = await slack.waitForCall((c) => c.method === "views.open");
    const viewId = (opened.response as { view: { id: string } }).view.id;

    expect(opened.response).toMatchObject({
      ok: true,
      view: { id: viewId, callback_id: "edit_prompt", private_metadata: "job-1", state: { values: {} } },
    });
    expect(slack.views()).toMatchObject([{ id: viewId, userId: human, open: true }]);
    await expect(
      app.client.views.open({ trigger_id: triggers[0] ?? "", view: promptModal("job-1") }),
    ).rejects.toMatchObject({ data: { error: "exchanged_trigger_id" } });

    const refused = await slack.submitView({
      callbackId: "edit_prompt",
      values: promptValue("  "),
      userId: human,
    });
    expect(refused.ack).toEqual({ response_action: "errors", errors: { prompt: "Type a prompt" } });
    expect(slack.views()).toMatchObject([{ id: viewId, open: true }]);

    const accepted = await slack.submitView({ viewId, values: promptValue("a cat"), userId: human });
    expect(accepted.ack).toEqual({});
    expect(slack.views()).toMatchObject([{ id: viewId, open: false }]);
    expect(submitted).toEqual([
      { prompt: "  ", metadata: "job-1", user: human },
      { prompt: "a cat", metadata: "job-1", user: human },
    ]);
    await expect(slack.submitView({ viewId, values: promptValue("a dog"), userId: human })).rejects.toThrow(
      /no open view/,
    );
    expect(errors).toEqual([]);
  });

  it("refuses a trigger_id it never issued and, on its clock, one older than 3 s", async () => {
    let clock = Date.UTC(2030, 0, 15, 12);
    const slack = (fake = await startFakeSlack({ now: () => clock }));
    const { app } = socketModeApp(slack);
    const triggers: string[] = [];
    app.command("/imagine", async ({ ack, command }) => {
      await ack();
      triggers.push(command.trigger_id);
    });
    await app.start();
    const command = { command: "/imagine", text: "", userId: human, channelId: channel };
    const open = (trigger: string) => app.client.views.open({ trigger_id: trigger, view: promptModal("") });

    await expect(open("trigger-never-issued")).rejects.toMatchObject({
      data: { error: "invalid_trigger_id" },
    });
    await slack.sendSlashCommand(command);
    clock += 3001;
    await expect(open(triggers[0] ?? "")).rejects.toMatchObject({ data: { error: "expired_trigger_id" } });
    await slack.sendSlashCommand(command);
    clock += 3000;
    await expect(open(triggers[1] ?? "")).resolves.toMatchObject({ ok: true, view: { type: "modal" } });
    expect(slack.views()).toHaveLength(1);
  });
});

describe("fake Slack interactions with Bolt's HTTPReceiver", () => {
  const signingSecret = "fake-signing-secret";

  it("POSTs clicks and submissions signed to the interactivity URL, and the ack comes back as the answer", async () => {
    const slack = await startFake();
    const app = new App({
      token: slack.botToken,
      signingSecret,
      logger: createCaptureLogger(),
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: fastRetries },
    });
    apps.push(app);
    const clicks: string[] = [];
    app.action("again", async ({ ack, body, action, client }) => {
      await ack();
      clicks.push((action as { value?: string }).value ?? "");
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: promptModal(""),
      });
    });
    app.view("edit_prompt", async ({ ack }) => {
      await ack({ response_action: "errors", errors: { prompt: "Not now" } });
    });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const posted = await app.client.chat.postMessage({ channel, text: "Done", blocks: resultBlocks });
    const click = { channelId: channel, messageTs: posted.ts ?? "", actionId: "again", userId: human };

    slack.setInteractivityUrl({ url, signingSecret: "not-the-bot-secret" });
    expect(await slack.clickAction(click)).toEqual({ status: 401, ack: expect.anything() });
    slack.setInteractivityUrl({ url, signingSecret });
    expect(await slack.clickAction({ ...click, value: "job-2" })).toEqual({ status: 200, ack: {} });
    await slack.waitForCall((c) => c.method === "views.open");
    const submitted = await slack.submitView({
      callbackId: "edit_prompt",
      values: promptValue(""),
      userId: human,
    });

    expect(clicks).toEqual(["job-2"]);
    expect(submitted).toEqual({
      status: 200,
      ack: { response_action: "errors", errors: { prompt: "Not now" } },
    });
    expect(slack.socketConnectionCount()).toBe(0);
  });
});

describe("fake Slack files people share", () => {
  it("serves a shared file at its url_private only with the bot token, recording each download", async () => {
    const slack = await startFake();
    const bytes = Buffer.from("a person's photo");
    const file = slack.shareFile({ userId: human, name: "photo.png", bytes });
    const url = String(file["url_private"]);

    const anonymous = await fetch(url);
    const wrongToken = await fetch(url, { headers: { authorization: "Bearer xoxb-someone-else" } });
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${slack.botToken}` } });
    const unknown = await fetch(url.replace(String(file["id"]), "F0NOSUCH01"), {
      headers: { authorization: `Bearer ${slack.botToken}` },
    });

    expect(file).toMatchObject({ name: "photo.png", mimetype: "image/png", size: bytes.length, user: human });
    expect(new URL(url).hostname).toBe("127.0.0.1");
    expect([anonymous.status, wrongToken.status, withToken.status, unknown.status]).toEqual([
      403, 403, 200, 404,
    ]);
    expect(Buffer.from(await withToken.arrayBuffer())).toEqual(bytes);
    expect(withToken.headers.get("content-type")).toBe("image/png");
    expect(
      slack.calls
        .filter((c) => c.method === "url_private")
        .map((c) => [c.args["file_id"], c.token, c.status]),
    ).toEqual([
      [file["id"], undefined, 403],
      [file["id"], "xoxb-someone-else", 403],
      [file["id"], slack.botToken, 200],
      ["F0NOSUCH01", slack.botToken, 404],
    ]);
  });

  it("describes shared and uploaded files with files.info, and not deleted or unknown ones", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const shared = slack.shareFile({
      userId: human,
      name: "scan.jpg",
      bytes: Buffer.from("jpeg"),
      mimetype: "image/webp",
    });
    await app.client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from("png!"),
      filename: "result.png",
    });
    const [uploaded] = slack.uploads.map((u) => u.fileId);

    const sharedInfo = await app.client.files.info({ file: String(shared["id"]) });
    const uploadedInfo = await app.client.files.info({ file: uploaded ?? "" });
    await app.client.files.delete({ file: uploaded ?? "" });

    expect(sharedInfo.file).toEqual(shared);
    expect(sharedInfo.file).toMatchObject({ name: "scan.jpg", mimetype: "image/webp", size: 4 });
    expect(uploadedInfo.file).toMatchObject({
      id: uploaded,
      name: "result.png",
      mimetype: "image/png",
      size: 4,
      user: slack.botUserId,
      url_private: expect.stringContaining(`/files/${uploaded}/result.png`),
    });
    for (const file of [uploaded ?? "", "F0NOSUCH01"]) {
      await expect(app.client.files.info({ file })).rejects.toMatchObject({
        data: { error: "file_not_found" },
      });
    }
  });
});

describe("fake Slack image blocks drawing uploaded files", () => {
  it("refuses a slack_file the channel cannot see, lists shares after a lag, and names deleted ones", async () => {
    const slack = await startFake();
    const client = new webApi.WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const upload = async (share: boolean) => {
      const granted = await client.files.getUploadURLExternal({ filename: "p.png", length: 4 });
      await fetch(granted.upload_url!, { method: "POST", body: Buffer.from("png!") });
      await client.files.completeUploadExternal({
        files: [{ id: granted.file_id! }],
        ...(share && { channel_id: channel }),
      });
      return granted.file_id!;
    };
    const draw = (id: string) =>
      client.chat.postMessage({
        channel,
        text: "preview",
        blocks: [{ type: "image", slack_file: { id }, alt_text: "a preview" }],
      });

    const privateFile = await upload(false);
    await expect(draw(privateFile)).rejects.toMatchObject({ data: { error: "invalid_blocks" } });
    expect((await client.files.info({ file: privateFile })).file?.shares).toBeUndefined();

    slack.delayFileShares(1);
    const sharedFile = await upload(true);
    expect((await client.files.info({ file: sharedFile })).file?.shares).toBeUndefined();
    const { file } = await client.files.info({ file: sharedFile });
    const [share] = file?.shares?.public?.[channel] ?? [];
    expect(slack.messagesIn(channel).map((message) => message.ts)).toEqual([share?.ts]);
    // Deleting the message that shared it leaves the file shared.
    await client.chat.delete({ channel, ts: share!.ts! });
    const drawn = await draw(sharedFile);
    expect(slack.missingImages(channel)).toEqual([]);

    await client.files.delete({ file: sharedFile });
    expect(slack.missingImages(channel)).toEqual([sharedFile]);
    expect(slack.messagesIn(channel).map((message) => message.ts)).toEqual([drawn.ts]);
  });
});

describe("fake Slack deletes and links", () => {
  it("deletes a message once, then answers message_not_found", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const kept = await app.client.chat.postMessage({ channel, text: "kept" });
    const gone = await app.client.chat.postMessage({ channel, text: "gone" });

    await expect(app.client.chat.delete({ channel, ts: gone.ts ?? "" })).resolves.toMatchObject({ ok: true });
    await expect(app.client.chat.delete({ channel, ts: gone.ts ?? "" })).rejects.toMatchObject({
      data: { error: "message_not_found" },
    });
    expect(slack.messagesIn(channel).map((m) => m.ts)).toEqual([kept.ts]);
  });

  it("deletes an uploaded file once: its message stops showing it and its URL answers 404", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    await app.client.files.uploadV2({ channel_id: channel, file: Buffer.from("one"), filename: "one.png" });
    await app.client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from("two"),
      filename: "two.png",
      initial_comment: "Here it was",
    });
    const [one, two] = slack.uploads.map((u) => u.fileId);
    const complete = slack.calls.find((c) => c.method === "files.completeUploadExternal");
    const urlOfOne = (complete?.response as { files: { url_private: string }[] }).files[0]?.url_private ?? "";

    await expect(app.client.files.delete({ file: one ?? "" })).resolves.toMatchObject({ ok: true });
    await expect(app.client.files.delete({ file: two ?? "" })).resolves.toMatchObject({ ok: true });
    await expect(app.client.files.delete({ file: one ?? "" })).rejects.toMatchObject({
      data: { error: "file_not_found" },
    });

    expect([slack.fileExists(one ?? ""), slack.fileExists(two ?? "")]).toEqual([false, false]);
    // The message that showed only the file went with it; the one with a comment keeps the comment.
    expect(slack.messagesIn(channel)).toEqual([expect.objectContaining({ text: "Here it was" })]);
    expect(slack.messagesIn(channel)[0]?.files).toBeUndefined();
    const download = await fetch(urlOfOne, { headers: { authorization: `Bearer ${slack.botToken}` } });
    expect(download.status).toBe(404);
  });

  it("answers permalinks and the workspace URL as plain strings", async () => {
    const slack = await startFake();
    const { app } = socketModeApp(slack);
    const root = await app.client.chat.postMessage({ channel, text: "root" });
    const reply = await app.client.chat.postMessage({ channel, thread_ts: root.ts ?? "", text: "reply" });

    const rootLink = await app.client.chat.getPermalink({ channel, message_ts: root.ts ?? "" });
    const replyLink = await app.client.chat.getPermalink({ channel, message_ts: reply.ts ?? "" });

    expect(rootLink.permalink).toBe(
      `https://fake.slack.test/archives/${channel}/p${root.ts?.replace(".", "")}`,
    );
    expect(replyLink.permalink).toBe(
      `https://fake.slack.test/archives/${channel}/p${reply.ts?.replace(".", "")}` +
        `?thread_ts=${root.ts}&cid=${channel}`,
    );
    await expect(app.client.auth.test()).resolves.toMatchObject({ url: "https://fake.slack.test/" });
  });
});
