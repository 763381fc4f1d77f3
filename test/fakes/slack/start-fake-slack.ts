import { createEventLog } from "../create-event-log.ts";
import { createRateWindows } from "../rate-window.ts";
import { chatMethods, slackFileImages } from "./chat-methods.ts";
import { createInteractionDelivery } from "./deliver-interaction.ts";
import { buildEventCallback, eventsApiEnvelope, slashCommandEnvelope } from "./envelopes.ts";
import { createFailurePlan, uploadMethod } from "./failure-plan.ts";
import { createFileRegistry, fileMethods } from "./files.ts";
import { createInteractions } from "./interactions.ts";
import type { MethodContext } from "./method-context.ts";
import { createMessageStore } from "./message-store.ts";
import { createResponseUrls } from "./response-urls.ts";
import { buildSignedRequest } from "./signed-request.ts";
import { createSocketModeServer } from "./socket-mode-server.ts";
import { createTriggerRegistry } from "./triggers.ts";
import { createIdSequence, createTsClock } from "./ts-clock.ts";
import type { ServerResponse } from "node:http";
import type { FakeSlack, FakeSlackOptions, RecordedCall, SlackIdentity, UploadFailure } from "./types.ts";
import { defaultTimeoutMs } from "../../support/wait-until.ts";
import { handleWebApiRequest } from "./web-api-route.ts";
import { handleFileDownload, handleUploadPost } from "./upload-routes.ts";
import { viewMethods } from "./view-methods.ts";
import { createViewStore } from "./view-store.ts";
import { startWebApiServer } from "./web-api-server.ts";
import { workspaceMethods } from "./workspace-methods.ts";

/**
 * Starts a fake Slack on 127.0.0.1 (port 0) that the real @slack/bolt App can run against:
 * `new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true,
 * clientOptions: { slackApiUrl: fake.apiUrl } })`.
 */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const identity: SlackIdentity = {
    teamId: opts.teamId ?? "T0FAKE0001",
    teamDomain: "fake-team",
    botUserId: opts.botUserId ?? "U0FAKEBOT1",
    botId: opts.botId ?? "B0FAKEBOT1",
    appId: "A0FAKEAPP1",
    botToken: "xoxb-fake-bot-token",
    appToken: "xapp-1-fake-app-token",
  };
  let origin = "";
  const now = opts.now ?? Date.now;
  const newTs = createTsClock();
  const newId = {
    file: createIdSequence("F"),
    envelope: createIdSequence("env-"),
    event: createIdSequence("Ev"),
    view: createIdSequence("V"),
  };
  const log = createEventLog<RecordedCall>({
    fake: "fake Slack",
    entry: "call",
    describe: (c) => `${c.method} ${c.status} ${JSON.stringify(c.args)}`,
  });
  const failures = createFailurePlan();
  const uploadFailures = createFailurePlan<UploadFailure>();
  const held = new Set<ServerResponse>();
  const messages = createMessageStore(newTs);
  const files = createFileRegistry(() => origin, newId.file);
  const socket = createSocketModeServer({
    origin: () => origin,
    identity,
    newTicket: createIdSequence("ticket-"),
  });
  const responseUrls = createResponseUrls({
    origin: () => origin,
    identity,
    messages,
    failures,
    log,
    newId: createIdSequence("resp-"),
    newTs,
  });
  const triggers = createTriggerRegistry({ newId: createIdSequence("trigger-"), now: opts.now });
  const views = createViewStore({ identity, newId: newId.view, newTs });
  const delivery = createInteractionDelivery({ socket, newEnvelopeId: newId.envelope, now });
  const interactions = createInteractions({
    identity,
    messages,
    views,
    triggers,
    responseUrls,
    delivery,
    newTs,
  });
  const ctx: MethodContext = {
    identity,
    messages,
    files,
    triggers,
    views,
    usergroups: opts.usergroups ?? {},
    locales: new Map(Object.entries(opts.locales ?? {})),
    newTs,
    openSocketUrl: () => socket.issueUrl(),
  };
  const methods = { ...workspaceMethods, ...chatMethods, ...fileMethods, ...viewMethods };
  const rateLimits = opts.rateLimits && {
    rateLimits: { rules: opts.rateLimits, windows: createRateWindows() },
  };
  const server = await startWebApiServer(
    {
      "/api/": (req, res, method, query) =>
        handleWebApiRequest(req, res, method, query, { ctx, methods, failures, log, held, ...rateLimits }),
      "/upload/": (req, res, fileId) =>
        handleUploadPost(req, res, fileId, { files, failures: uploadFailures, log, held }),
      "/files/": (req, res, rest) =>
        handleFileDownload(req, res, rest.split("/")[0] ?? "", {
          files,
          botToken: identity.botToken,
          log,
        }),
      "/response/": (req, res, id) => responseUrls.handle(req, res, id),
    },
    (req, sock, head) => socket.handleUpgrade(req, sock, head),
  );
  origin = server.origin;
  const eventCallback: FakeSlack["eventCallback"] = (event, o = {}) =>
    buildEventCallback(identity, event, o.eventId ?? newId.event());

  return {
    ...identity,
    apiUrl: `${origin}/api/`,
    calls: log.entries,
    uploads: files.uploads,
    waitForCall: (pred, o) => log.waitFor(pred, o),
    waitUntil: (check, what, o) => log.waitUntil(check, what, o),
    failNext: (method, reply) => failures.failNext(method, reply),
    setLocale: (userId, locale) => ctx.locales.set(userId, locale),
    failUpload: (reply) => uploadFailures.failNext(uploadMethod, reply),
    heldRequests: () => held.size,
    newTs,
    messagesIn: (channel, threadTs) => messages.messagesIn(channel, threadTs),
    ephemeralsFor: (channel, user) => messages.ephemeralsFor(channel, user),
    eventCallback,
    socketConnected: (o = {}) => socket.connected(o.timeoutMs ?? defaultTimeoutMs),
    socketConnectionCount: () => socket.connectionCount(),
    sendEvent(event, o = {}) {
      const payload = eventCallback(event, o.eventId === undefined ? {} : { eventId: o.eventId });
      const retry = { attempt: o.retryAttempt ?? 0, reason: o.retryReason ?? "" };
      const envelope = eventsApiEnvelope(newId.envelope(), payload, retry);
      return socket.deliver(envelope, o.timeoutMs ?? defaultTimeoutMs);
    },
    sendSlashCommand(cmd, o = {}) {
      const responseUrl = responseUrls.mint({ channel: cmd.channelId, user: cmd.userId });
      const envelope = slashCommandEnvelope(
        newId.envelope(),
        identity,
        cmd,
        responseUrl,
        triggers.issue(cmd.userId),
      );
      return socket.deliver(envelope, o.timeoutMs ?? defaultTimeoutMs);
    },
    disconnectSocket: (o = {}) => socket.disconnectAll(o.timeoutMs ?? defaultTimeoutMs),
    clickAction: (click) => interactions.clickAction(click, click.timeoutMs ?? defaultTimeoutMs),
    submitView: (submission) => interactions.submitView(submission, submission.timeoutMs ?? defaultTimeoutMs),
    setInteractivityUrl: (target) => delivery.setRequestUrl(target),
    views: () => views.all(),
    fileExists: (fileId) => files.get(fileId) !== undefined,
    delayFileShares(looks) {
      files.shareLag = looks;
    },
    missingImages: (channel) =>
      messages
        .messagesIn(channel)
        .flatMap((message) => slackFileImages(message.blocks))
        .filter((fileId) => files.get(fileId) === undefined),
    shareFile: ({ userId, name, bytes, mimetype }) =>
      files.describe(files.share({ filename: name, bytes, user: userId, ...(mimetype && { mimetype }) })),
    signedEventRequest: (body, o) => buildSignedRequest(body, { timestamp: Math.floor(now() / 1000), ...o }),
    async close() {
      socket.close();
      await server.close();
    },
  };
}
