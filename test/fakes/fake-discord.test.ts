import { once } from "node:events";
import {
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "./discord/index.ts";
import { makePng } from "./png.ts";
import { defaultTimeoutMs, waitUntil } from "../support/wait-until.ts";

let fake: FakeDiscord;
let clients: Client[] = [];

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.destroy()));
  clients = [];
  await fake.close();
});

/** A real discord.js client, logged in to the fake and past `clientReady`. */
async function connectClient(extra: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBaseUrl },
    ...extra,
  });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

/** The next slash command the client receives. */
function nextCommand(client: Client): Promise<ChatInputCommandInteraction> {
  return waitUntil<ChatInputCommandInteraction>(
    (done) => {
      const listener = (interaction: Interaction): void => {
        if (interaction.isChatInputCommand()) done(interaction);
      };
      client.on(Events.InteractionCreate, listener);
      return () => client.off(Events.InteractionCreate, listener);
    },
    defaultTimeoutMs,
    () => `discord.js received no slash command within ${defaultTimeoutMs} ms`,
  );
}

const isOriginalEdit = (token: string) => (c: FakeDiscord["calls"][number]) =>
  c.method === "PATCH" && c.path.endsWith(`/webhooks/${fake.applicationId}/${token}/messages/@original`);

describe("fake Discord with the real discord.js client", () => {
  it("logs in, delivers /imagine, and records the deferral and the multipart edit", async () => {
    const client = await connectClient();
    await fake.ready();
    expect(client.guilds.cache.get(fake.guilds[0]!.id)?.channels.cache.size).toBeGreaterThan(0);

    const received = nextCommand(client);
    const { token } = fake.sendInteraction({
      commandName: "imagine",
      options: [{ name: "prompt", type: 3, value: "a red fox @everyone" }],
      memberRoles: ["900000000000000004"],
    });
    const interaction = await received;
    expect(interaction.commandName).toBe("imagine");
    expect(interaction.options.getString("prompt")).toBe("a red fox @everyone");
    expect(interaction.channelId).toBe(fake.guilds[0]!.channels[0]!.id);
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.attachmentSizeLimit).toBe(10 * 1024 * 1024);

    await interaction.deferReply();
    const png = makePng(4, 3, [255, 0, 0]);
    await interaction.editReply({
      content: "a red fox @everyone",
      files: [{ attachment: png, name: "a.png" }],
      allowedMentions: { parse: [] },
    });

    const deferral = await fake.waitForCall((c) => c.route === "interactionCallback");
    expect(deferral).toMatchObject({ method: "POST", status: 204, json: { type: 5 } });
    const edit = await fake.waitForCall(isOriginalEdit(token));
    expect(edit.status).toBe(200);
    expect(edit.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(edit.json).toMatchObject({ content: "a red fox @everyone", allowed_mentions: { parse: [] } });
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]).toMatchObject({ field: "files[0]", filename: "a.png", contentType: "image/png" });
    expect(edit.files[0]!.bytes.equals(png)).toBe(true);

    const seen = fake.messageFor(token);
    expect(seen).toMatchObject({ content: "a red fox @everyone", loading: false, editCount: 1 });
    expect(seen?.allowedMentions).toEqual({ parse: [] });
    expect(seen?.attachments.map((a) => a.filename)).toEqual(["a.png"]);
    expect(seen?.attachments[0]!.bytes.equals(png)).toBe(true);
  });

  it("answers a 429 on the edit so that discord.js waits out retry_after and the edit lands", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const interaction = await received;
    await interaction.deferReply();
    fake.failNext(
      { method: "PATCH", path: /\/messages\/@original$/ },
      { status: 429, retryAfterSeconds: 0.05 },
    );

    await interaction.editReply({ content: "done" });

    const edits = fake.calls.filter(isOriginalEdit(token));
    expect(edits.map((c) => c.status)).toEqual([429, 200]);
    expect(edits[0]!.response).toEqual({
      message: "You are being rate limited.",
      retry_after: 0.05,
      global: false,
    });
    expect(edits[1]!.receivedAt - edits[0]!.receivedAt).toBeGreaterThanOrEqual(50);
    expect(fake.messageFor(token)?.content).toBe("done");
  });

  it("resumes after a dropped gateway and replays the interaction sent while disconnected", async () => {
    const client = await connectClient();
    const first = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    await first;

    fake.dropGateway();
    const second = nextCommand(client);
    const { id } = fake.sendInteraction({
      commandName: "imagine",
      guildId: null,
      userId: "800000000000000002",
    });
    const interaction = await second;

    expect(interaction.id).toBe(id);
    expect(interaction.guildId).toBeNull();
    expect(interaction.user.id).toBe("800000000000000002");
    const resume = await fake.waitForGatewayEvent((e) => e.type === "resume");
    expect(resume).toMatchObject({ type: "resume", replayed: 1 });
    expect(fake.gatewayConnections).toBe(2);
    expect(fake.gatewayEvents.filter((e) => e.type === "identify")).toHaveLength(1);
  });

  it("lets a client identify afresh when its session was invalidated", async () => {
    // @discordjs/ws spaces IDENTIFYs 5 s apart; a no-op throttler keeps the test fast.
    const client = await connectClient({
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    });
    fake.dropGateway({ invalidateSession: true });
    await fake.waitForGatewayEvent((e) => e.type === "invalid-session");
    await fake.waitForGatewayEvent((e) => e.type === "identify" && e.connection === 3);

    const received = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    expect((await received).commandName).toBe("imagine");
  });

  it("rejects calls with an expired token as Discord does", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const interaction = await received;
    await interaction.deferReply();
    fake.expireInteraction(token);

    const error: unknown = await interaction.editReply({ content: "too late" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10015, status: 404 });
    expect(fake.messageFor(token)?.loading).toBe(true);
  });

  it("refuses a second acknowledgement and an unknown interaction", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const interaction = await received;
    fake.expireInteraction(token);

    const error: unknown = await interaction.deferReply().catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 10062, status: 404 });
    const again = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    const second = await again;
    await second.reply({ content: "hi" });
    // Bypass discord.js's own "already replied" guard to reach the API.
    const raw = await client.rest
      .post(`/interactions/${second.id}/${second.token}/callback`, { body: { type: 5 }, auth: false })
      .catch((e: unknown) => e);
    expect(raw).toMatchObject({ code: 40060, status: 400 });
  });

  it("shows follow-ups and channel messages in the thread they were posted to", async () => {
    const client = await connectClient();
    const threadId = fake.guilds[0]!.threads[0]!.id;
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine", channelId: threadId });
    const interaction = await received;
    expect(interaction.channel?.isThread()).toBe(true);
    await interaction.reply({ content: "queued" });
    await interaction.followUp({ content: "here", files: [{ attachment: Buffer.from("x"), name: "b.txt" }] });
    if (!interaction.channel?.isSendable()) throw new Error("thread is not sendable");
    const posted = await interaction.channel.send({ content: "later", allowedMentions: { parse: [] } });
    await posted.edit({ content: "later, edited" });

    expect(fake.followupsFor(token).map((m) => m.attachments[0]?.filename)).toEqual(["b.txt"]);
    expect(fake.channelMessages(threadId).map((m) => m.content)).toEqual(["queued", "here", "later, edited"]);
  });

  it("lets a bot fetch a DM channel and post an image there once the token is gone", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine", guildId: null });
    const interaction = await received;
    await interaction.deferReply();
    fake.expireInteraction(token);
    const png = makePng(2, 2, [0, 0, 255]);

    const channel = await client.channels.fetch(interaction.channelId!);
    if (channel === null || !channel.isSendable()) throw new Error("DM channel is not sendable");
    await channel.send({ content: "your image", files: [{ attachment: png, name: "fox.png" }] });

    const posted = await fake.waitForCall((c) => c.route === "channelMessages");
    expect(posted).toMatchObject({ status: 200, json: { content: "your image" } });
    expect(posted.headers.authorization).toBe(`Bot ${fake.token}`);
    const [message] = fake.channelMessages(interaction.channelId!).filter((m) => !m.loading);
    expect(message?.attachments[0]).toMatchObject({ filename: "fox.png", contentType: "image/png" });
    const download = await fetch(message!.attachments[0]!.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });

  it("rejects a login with the wrong token", async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBaseUrl } });
    clients.push(client);

    await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
    expect(fake.calls.at(-1)).toMatchObject({ route: "gatewayBot", status: 401 });
  });

  it("records unknown routes as 404 and waits with a helpful timeout message", async () => {
    const response = await fetch(`${fake.apiBaseUrl}/v10/nowhere`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "404: Not Found", code: 0 });
    await expect(fake.waitForCall((c) => c.route === "webhook", { timeoutMs: 20 })).rejects.toThrow(
      /no matching call within 20 ms; recorded:\n {2}1\. GET \/api\/v10\/nowhere → 404/,
    );
    await expect(fake.waitUntil(() => false, "the reply edited", { timeoutMs: 20 })).rejects.toThrow(
      /^fake Discord: still not the reply edited within 20 ms; recorded:\n {2}1\. GET/,
    );
  });
});
