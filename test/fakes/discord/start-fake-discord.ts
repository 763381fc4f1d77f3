import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { applicationRoutes } from "./application-routes.ts";
import { guildCreatePayload } from "./build-guild.ts";
import { createButtonClickBuilder } from "./build-component-interaction.ts";
import { type BuiltInteraction, createInteractionBuilder } from "./build-interaction.ts";
import { createMessageCommandBuilder } from "./build-message-command.ts";
import { createModalSubmitBuilder } from "./build-modal-submit.ts";
import { readyPayload } from "./build-ready.ts";
import { channelRoutes } from "./channel-routes.ts";
import { createFakeState } from "./create-fake-state.ts";
import { createEventLog } from "../create-event-log.ts";
import { createFailurePlan } from "./failure-plan.ts";
import type { GatewayEvent } from "./gateway-event.ts";
import { createGatewayServer } from "./gateway-server.ts";
import { createSessionStore } from "./gateway-sessions.ts";
import { createHttpInteractions } from "./http-interactions.ts";
import { interactionCallbackRoute } from "./interaction-callback.ts";
import { createUserMessagePoster } from "./post-user-message.ts";
import { createFrameBuilder } from "./interaction-frame.ts";
import type { RecordedCall } from "./recorded-call.ts";
import { toFakeMessage } from "./render-message.ts";
import { createRestHandler } from "./rest-server.ts";
import type { FakeDiscord, FakeDiscordOptions } from "./types.ts";
import { webhookRoutes } from "./webhook-routes.ts";

/**
 * Starts a fake Discord on 127.0.0.1 (a free port). Point discord.js at it with
 * `new Client({ intents, rest: { api: fake.apiBaseUrl } })` and `client.login(fake.token)`.
 */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const state = createFakeState(opts, (server.address() as AddressInfo).port);
  const { applicationId, botUser, guilds, origin } = state;

  const calls = createEventLog<RecordedCall>({
    fake: "fake Discord",
    entry: "call",
    describe: (c) => `${c.method} ${c.path} → ${c.status}`,
  });
  const gatewayEvents = createEventLog<GatewayEvent>({
    fake: "fake Discord",
    entry: "gateway event",
    describe: (e) => JSON.stringify(e),
  });
  const failures = createFailurePlan();
  const overHttp = opts.interactions === "http";
  const http = createHttpInteractions({
    applicationId,
    now: state.now,
    newId: state.newId,
    callbackRoute: interactionCallbackRoute(state),
    calls,
  });
  state.publicKeyHex = http.keys.publicKeyHex;
  const allRoutes = [
    interactionCallbackRoute(state),
    ...webhookRoutes(state),
    ...channelRoutes(state),
    ...applicationRoutes(state),
  ];
  const routes = overHttp ? http.guard(allRoutes) : allRoutes;
  const sessions = createSessionStore({
    resumeUrl: state.gatewayUrl,
    readyPayload: () => readyPayload(botUser, applicationId, guilds),
    guildCreates: () => guilds.map((g) => guildCreatePayload(g, new Date().toISOString())),
    events: gatewayEvents,
  });
  const gateway = createGatewayServer({ token: state.token, sessions, events: gatewayEvents });
  server.on(
    "request",
    createRestHandler({
      state,
      routes,
      failures,
      calls,
      ...(opts.rateLimit && { rateLimit: opts.rateLimit }),
      // A call made with an interaction's token waits for that interaction's HTTP answer to count.
      ...(overHttp && {
        hold: (_route: string, params: Record<string, string>) => http.settled(params["token"]),
      }),
    }),
  );
  server.on("upgrade", (req, socket, head) => {
    if (!overHttp) return gateway.handleUpgrade(req, socket, head);
    http.refuseGateway();
    socket.destroy();
  });

  const frame = createFrameBuilder({ applicationId, guilds, newId: state.newId, now: state.now });
  const commandIdFor = (name: string, guildId: string | null) => state.commands.idFor(name, guildId);
  const buildCommand = createInteractionBuilder({
    frame,
    newId: state.newId,
    commandIdFor,
    upload: (channelId, upload) => state.uploads.add(channelId, upload),
    guilds,
  });
  const buildMessageCommand = createMessageCommandBuilder({ state, frame, commandIdFor });
  const postUserMessage = createUserMessagePoster(state);
  const buildClick = createButtonClickBuilder({ state, frame });
  const buildModalSubmit = createModalSubmitBuilder({ state, frame });
  const dispatch = ({ payload, record, channel }: BuiltInteraction) => {
    state.interactions.add(record);
    if (!state.channels.has(record.channelId)) state.channels.set(record.channelId, channel);
    if (overHttp) http.deliver(payload, record);
    else sessions.dispatch("INTERACTION_CREATE", payload);
    return { id: record.id, token: record.token };
  };
  const view = (id: string | undefined) => {
    const message = id === undefined ? undefined : state.messages.get(id);
    return message === undefined ? undefined : toFakeMessage(message, origin);
  };

  return {
    apiBaseUrl: `${origin}/api`,
    gatewayUrl: state.gatewayUrl,
    applicationId,
    botUserId: botUser.id,
    token: state.token,
    guilds,
    calls: calls.entries,
    waitForCall: (pred, waitOpts) => calls.waitFor(pred, waitOpts),
    waitUntil: (check, what, waitOpts) => calls.waitUntil(check, what, waitOpts),
    ready: async (waitOpts) => {
      await gatewayEvents.waitFor((e) => e.type === "identify", waitOpts);
    },
    sendInteraction: (input) => dispatch(buildCommand(input)),
    sendMessageCommand: (input) => dispatch(buildMessageCommand(input)),
    postMessage: (input) => toFakeMessage(postUserMessage(input), origin),
    clickButton: (input) => dispatch(buildClick(input)),
    submitModal: (input) => dispatch(buildModalSubmit(input)),
    expireInteraction(token) {
      const interaction = state.interactions.byToken(token);
      if (interaction === undefined) throw new Error(`fake Discord: no interaction has token ${token}`);
      interaction.expired = true;
    },
    failNext: (match, reply) => failures.add(match, reply),
    dropGateway: (dropOpts = {}) => sessions.drop(dropOpts),
    get gatewayConnections() {
      return gateway.connections;
    },
    gatewayEvents: gatewayEvents.entries,
    waitForGatewayEvent: (pred, waitOpts) => gatewayEvents.waitFor(pred, waitOpts),
    messageFor: (token) => view(state.interactions.byToken(token)?.originalMessageId),
    modalFor: (token) => state.interactions.byToken(token)?.modal,
    message(id) {
      const message = state.messages.find(id);
      return message === undefined ? undefined : toFakeMessage(message, origin);
    },
    followupsFor: (token) =>
      (state.interactions.byToken(token)?.followupIds ?? []).flatMap((id) => view(id) ?? []),
    channelMessages: (channelId) => state.messages.inChannel(channelId).map((m) => toFakeMessage(m, origin)),
    registeredCommands: (guildId) => state.commands.list(guildId),
    publicKey: http.keys.publicKeyHex,
    deliverInteractionsTo(url) {
      if (!overHttp)
        throw new Error('fake Discord: start it with { interactions: "http" } to POST interactions');
      http.url = url;
    },
    httpAnswerFor: (token, waitOpts) => http.answers.waitFor((answer) => answer.token === token, waitOpts),
    httpAnswers: http.answers.entries,
    tamperNextInteraction: (tampering) => http.tamperNext(tampering),
    ping: () => http.ping(),
    protocolErrors: http.protocolErrors,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
