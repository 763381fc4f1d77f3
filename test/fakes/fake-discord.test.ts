import { once } from "node:events";
import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  ComponentType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ButtonClickInput,
  type FakeDiscord,
  type FakeMessage,
  interactionTokenLifetimeMs,
  startFakeDiscord,
} from "./discord/index.ts";
import { makePng } from "./png.ts";
import { middayUtc } from "../support/fixed-clock.ts";
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

/** The next interaction of one kind the client receives. */
function nextInteraction<T extends Interaction>(
  client: Client,
  isKind: (interaction: Interaction) => interaction is T,
  kind: string,
): Promise<T> {
  return waitUntil<T>(
    (done) => {
      const listener = (interaction: Interaction): void => {
        if (isKind(interaction)) done(interaction);
      };
      client.on(Events.InteractionCreate, listener);
      return () => client.off(Events.InteractionCreate, listener);
    },
    defaultTimeoutMs,
    () => `discord.js received no ${kind} within ${defaultTimeoutMs} ms`,
  );
}

/** The next slash command the client receives. */
const nextCommand = (client: Client): Promise<ChatInputCommandInteraction> =>
  nextInteraction(client, (i): i is ChatInputCommandInteraction => i.isChatInputCommand(), "slash command");

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

const nextClick = (client: Client): Promise<ButtonInteraction> =>
  nextInteraction(client, (i): i is ButtonInteraction => i.isButton(), "button click");
const nextModalSubmit = (client: Client): Promise<ModalSubmitInteraction> =>
  nextInteraction(client, (i): i is ModalSubmitInteraction => i.isModalSubmit(), "modal submit");

/** An action row of secondary buttons, each labelled with its custom id. */
function buttonRow(...customIds: string[]): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    customIds.map((id) => new ButtonBuilder().setCustomId(id).setLabel(id).setStyle(ButtonStyle.Secondary)),
  );
}

const buttonIds = (message: FakeMessage | undefined) => message?.buttons.map((b) => b.customId);

/** A slash command answered with "a fox" and these buttons. */
async function replyWithButtons(client: Client, ...customIds: string[]) {
  const received = nextCommand(client);
  const { token } = fake.sendInteraction({ commandName: "imagine" });
  const command = await received;
  await command.reply({ content: "a fox", components: [buttonRow(...customIds)] });
  return { token, command, messageId: fake.messageFor(token)!.id };
}

/** Clicks, and resolves with the handle and what discord.js made of the click. */
async function click(client: Client, input: ButtonClickInput) {
  const received = nextClick(client);
  const handle = fake.clickButton(input);
  return { handle, interaction: await received };
}

/** The callback call made with an interaction's token. */
const callbackOf = (token: string) =>
  fake.calls.find((c) => c.route === "interactionCallback" && c.params.token === token);

describe("fake Discord: buttons, modals and deletes", () => {
  it("keeps buttons on replies, their edits, follow-ups and their edits, and channel messages", async () => {
    const client = await connectClient();
    const { token, command } = await replyWithButtons(client, "redo", "delete");
    expect(fake.messageFor(token)?.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: "redo", label: "redo", style: 2 },
          { type: 2, custom_id: "delete", label: "delete", style: 2 },
        ],
      },
    ]);
    expect(fake.messageFor(token)?.buttons[0]).toEqual({
      style: 2,
      customId: "redo",
      label: "redo",
      emoji: undefined,
      url: undefined,
      disabled: false,
    });

    await command.editReply({ content: "still a fox" });
    expect(buttonIds(fake.messageFor(token))).toEqual(["redo", "delete"]);
    await command.editReply({ components: [buttonRow("redo")] });
    expect(buttonIds(fake.messageFor(token))).toEqual(["redo"]);

    const followUp = await command.followUp({ content: "more", components: [buttonRow("vary")] });
    expect(buttonIds(fake.followupsFor(token)[0])).toEqual(["vary"]);
    await command.editReply({ message: followUp, components: [buttonRow("vary", "upscale")] });
    expect(buttonIds(fake.followupsFor(token)[0])).toEqual(["vary", "upscale"]);

    if (!command.channel?.isSendable()) throw new Error("channel is not sendable");
    const posted = await command.channel.send({ content: "in the channel", components: [buttonRow("a")] });
    expect(buttonIds(fake.message(posted.id))).toEqual(["a"]);
    await posted.edit({ components: [buttonRow("b")] });
    expect(buttonIds(fake.message(posted.id))).toEqual(["b"]);
  });

  it("refuses buttons Discord would refuse: a custom id used twice, more than five rows", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    const command = await received;

    const twice: unknown = await command
      .reply({ content: "x", components: [buttonRow("redo", "redo")] })
      .catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(DiscordAPIError);
    expect((twice as DiscordAPIError).rawError).toEqual({
      message: "Invalid Form Body",
      code: 50035,
      errors: {
        components: {
          "0": {
            components: {
              "1": {
                custom_id: {
                  _errors: [
                    {
                      code: "COMPONENT_CUSTOM_ID_DUPLICATED",
                      message: "Component custom id was already specified",
                    },
                  ],
                },
              },
            },
          },
        },
      },
    });

    const rows = ["a", "b", "c", "d", "e", "f"].map((id) => buttonRow(id));
    const tooMany: unknown = await command.reply({ content: "x", components: rows }).catch((e: unknown) => e);
    expect(tooMany).toMatchObject({ code: 50035, status: 400 });
    expect(callbackOf(command.token)?.status).toBe(400);
  });

  it("clicks a button: discord.js gets the message, the clicker, their permissions and a fresh token", async () => {
    const client = await connectClient();
    const { token, messageId } = await replyWithButtons(client, "redo", "delete");

    const moderator = await click(client, {
      messageId,
      customId: "delete",
      userId: "800000000000000002",
      memberPermissions: PermissionFlagsBits.ManageMessages.toString(),
    });
    const clicked = moderator.interaction;
    expect(clicked.customId).toBe("delete");
    expect([clicked.id, clicked.token]).toEqual([moderator.handle.id, moderator.handle.token]);
    expect(clicked.token).not.toBe(token);
    expect(clicked.user.id).toBe("800000000000000002");
    expect(clicked.memberPermissions?.has(PermissionFlagsBits.ManageMessages)).toBe(true);
    expect(clicked.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(clicked.channelId).toBe(fake.guilds[0]!.channels[0]!.id);
    expect(clicked.inCachedGuild()).toBe(true);
    expect(clicked.message.id).toBe(messageId);
    expect(clicked.message.author.id).toBe(fake.botUserId);
    expect(clicked.message.content).toBe("a fox");
    expect(clicked.message.resolveComponent("redo")).not.toBeNull();

    const member = await click(client, { messageId, customId: "redo" });
    expect(member.interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)).toBe(false);
    await member.interaction.reply({ content: "only you", flags: MessageFlags.Ephemeral });
    expect(callbackOf(member.handle.token)?.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(fake.messageFor(member.handle.token)).toMatchObject({ content: "only you", ephemeral: true });
    expect(fake.messageFor(token)).toMatchObject({ content: "a fox", editCount: 0 });
  });

  it("updates the clicked message: a deferred update and an edit, or an update at once", async () => {
    const client = await connectClient();
    const { token, messageId } = await replyWithButtons(client, "redo", "vary");

    const redo = await click(client, { messageId, customId: "redo" });
    await redo.interaction.deferUpdate();
    expect(callbackOf(redo.handle.token)).toMatchObject({ status: 204, json: { type: 6 } });
    await redo.interaction.editReply({ content: "redoing" });
    expect(fake.messageFor(redo.handle.token)?.id).toBe(messageId);
    expect(fake.message(messageId)).toMatchObject({ content: "redoing", editCount: 1 });
    expect(buttonIds(fake.message(messageId))).toEqual(["redo", "vary"]);

    const vary = await click(client, { messageId, customId: "vary" });
    expect(vary.interaction.message.content).toBe("redoing");
    await vary.interaction.update({ content: "varying", components: [] });
    expect(callbackOf(vary.handle.token)?.json).toMatchObject({ type: 7, data: { content: "varying" } });
    expect(fake.messageFor(token)).toMatchObject({
      id: messageId,
      content: "varying",
      buttons: [],
      editCount: 2,
    });
  });

  it("answers a click with a new message when the bot defers a reply, and refuses an update of a command", async () => {
    const client = await connectClient();
    const { messageId, command } = await replyWithButtons(client, "redo");

    const redo = await click(client, { messageId, customId: "redo" });
    await redo.interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const placeholder = fake.messageFor(redo.handle.token);
    expect(placeholder).toMatchObject({ loading: true, ephemeral: true });
    expect(placeholder?.id).not.toBe(messageId);
    await redo.interaction.editReply({ content: "on its way" });
    expect(fake.messageFor(redo.handle.token)).toMatchObject({ content: "on its way", loading: false });

    const received = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    const second = await received;
    const update: unknown = await client.rest
      .post(`/interactions/${second.id}/${second.token}/callback`, {
        body: { type: 7, data: { content: "x" } },
        auth: false,
      })
      .catch((e: unknown) => e);
    expect(update).toMatchObject({ code: 50035, status: 400 });
    expect(command.replied).toBe(true);
  });

  it("throws at a test that clicks what no user could click", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const command = await received;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId("redo").setLabel("Redo").setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId("off").setLabel("Off").setStyle(ButtonStyle.Primary).setDisabled(true),
      new ButtonBuilder().setURL("http://127.0.0.1/image").setLabel("Open").setStyle(ButtonStyle.Link),
    );
    await command.reply({ content: "only you", components: [row], flags: MessageFlags.Ephemeral });
    const messageId = fake.messageFor(token)!.id;

    expect(() => fake.clickButton({ messageId: "1", customId: "redo" })).toThrow(/message 1 does not exist/);
    expect(() => fake.clickButton({ messageId, customId: "nope" })).toThrow(
      /has no button "nope"; its buttons: redo, off, \(link http:\/\/127\.0\.0\.1\/image\)/,
    );
    expect(() => fake.clickButton({ messageId, customId: "off" })).toThrow(/"off" is disabled/);
    expect(() => fake.clickButton({ messageId, customId: "redo", userId: "800000000000000002" })).toThrow(
      /is ephemeral: only user 800000000000000001 sees it/,
    );
    await command.deleteReply();
    expect(() => fake.clickButton({ messageId, customId: "redo" })).toThrow(/was deleted/);
  });

  it("shows a modal of Labels and submits it as discord.js reads it, untouched inputs keeping their prefill", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const command = await received;
    const input = (id: string, label: string, value: string) =>
      new LabelBuilder()
        .setLabel(label)
        .setTextInputComponent(
          new TextInputBuilder().setCustomId(id).setStyle(TextInputStyle.Short).setValue(value),
        );
    await command.showModal(
      new ModalBuilder()
        .setCustomId("edit-prompt")
        .setTitle("Edit the prompt")
        .addLabelComponents(input("prompt", "Prompt", "a red fox"), input("size", "Size", "1024x1024")),
    );

    expect(callbackOf(token)?.json).toMatchObject({ type: 9, data: { custom_id: "edit-prompt" } });
    expect(fake.messageFor(token)).toBeUndefined();
    expect(fake.modalFor(token)).toMatchObject({
      customId: "edit-prompt",
      title: "Edit the prompt",
      inputs: [
        { customId: "prompt", label: "Prompt", value: "a red fox", required: true, layout: "label" },
        { customId: "size", label: "Size", value: "1024x1024", required: true, layout: "label" },
      ],
    });

    const submitted = nextModalSubmit(client);
    const handle = fake.submitModal({ customId: "edit-prompt", fields: { prompt: "a blue fox" } });
    const modal = await submitted;
    expect([modal.id, modal.token]).toEqual([handle.id, handle.token]);
    expect(modal.customId).toBe("edit-prompt");
    expect(modal.user.id).toBe("800000000000000001");
    expect(modal.channelId).toBe(command.channelId);
    expect(modal.components.map((c) => c.type)).toEqual([18, 18]);
    expect(modal.fields.getTextInputValue("prompt")).toBe("a blue fox");
    expect(modal.fields.getTextInputValue("size")).toBe("1024x1024");
    expect(modal.isFromMessage()).toBe(false);

    await modal.deferReply();
    expect(callbackOf(handle.token)?.json).toMatchObject({ type: 5 });
    await modal.editReply({ content: "a blue fox", components: [buttonRow("redo")] });
    expect(fake.messageFor(handle.token)).toMatchObject({ content: "a blue fox", loading: false });
  });

  it("brings back the message of the button that opened a modal of action rows, and lets the bot update it", async () => {
    const client = await connectClient();
    const { messageId } = await replyWithButtons(client, "edit");
    const edit = await click(client, { messageId, customId: "edit" });
    await edit.interaction.showModal({
      custom_id: "edit-modal",
      title: "Edit",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "prompt",
              style: TextInputStyle.Paragraph,
              label: "Prompt",
            },
          ],
        },
      ],
    });
    expect(fake.modalFor(edit.handle.token)?.inputs).toMatchObject([{ customId: "prompt", layout: "row" }]);

    const submitted = nextModalSubmit(client);
    fake.submitModal({ customId: "edit-modal", fields: { prompt: "a grey fox" } });
    const modal = await submitted;
    expect(modal.components.map((c) => c.type)).toEqual([1]);
    expect(modal.fields.getTextInputValue("prompt")).toBe("a grey fox");
    if (!modal.isFromMessage()) throw new Error("the modal came back without the button's message");
    expect(modal.message.id).toBe(messageId);

    await modal.update({ content: "a grey fox", components: [] });
    expect(fake.message(messageId)).toMatchObject({ content: "a grey fox", buttons: [] });
  });

  it("throws at a test that submits what no user could, and refuses a modal Discord would refuse", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    const command = await received;
    const longTitle = "t".repeat(46);
    const refused: unknown = await command
      .showModal({ custom_id: "m", title: longTitle, components: [] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 50035, status: 400 });
    expect(() => fake.submitModal({ customId: "m" })).toThrow(/no modal "m" was shown/);

    await command.showModal(
      new ModalBuilder()
        .setCustomId("m")
        .setTitle("Edit")
        .addLabelComponents(
          new LabelBuilder()
            .setLabel("Prompt")
            .setTextInputComponent(
              new TextInputBuilder().setCustomId("prompt").setStyle(TextInputStyle.Short),
            ),
        ),
    );
    expect(() => fake.submitModal({ customId: "m", fields: { colour: "red" } })).toThrow(
      /has no text input "colour"; its inputs: prompt/,
    );
    expect(() => fake.submitModal({ customId: "m" })).toThrow(/"prompt" is required/);
    expect(() =>
      fake.submitModal({ customId: "m", fields: { prompt: "x" }, userId: "800000000000000002" }),
    ).toThrow(/shown to 800000000000000001, not to 800000000000000002/);
  });

  it("deletes replies, follow-ups and channel messages, and answers 10008 for one already gone", async () => {
    const client = await connectClient();
    const { token, command, messageId } = await replyWithButtons(client, "redo");
    const followUp = await command.followUp({ content: "more" });

    await command.deleteReply(followUp);
    await command.deleteReply();

    expect(fake.messageFor(token)).toBeUndefined();
    expect(fake.followupsFor(token)).toEqual([]);
    expect(fake.message(messageId)).toMatchObject({ content: "a fox", deleted: true });
    expect(fake.message(followUp.id)?.deleted).toBe(true);
    const deletes = fake.calls.filter((c) => c.method === "DELETE");
    expect(deletes.map((c) => [c.params.messageId, c.status])).toEqual([
      [followUp.id, 204],
      ["@original", 204],
    ]);
    const again: unknown = await command.deleteReply().catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 10008, status: 404 });

    if (!command.channel?.isSendable()) throw new Error("channel is not sendable");
    const channelId = command.channelId;
    const posted = await command.channel.send({ content: "in the channel" });
    await posted.delete();
    expect(fake.channelMessages(channelId).map((m) => m.id)).not.toContain(posted.id);
    expect(fake.message(posted.id)).toMatchObject({ content: "in the channel", deleted: true });
    const gone: unknown = await client.rest
      .delete(Routes.channelMessage(channelId, posted.id))
      .catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 10008, status: 404 });
  });

  it("keeps ephemeral messages out of the channel's routes: only the token reaches them", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    const command = await received;
    await command.reply({ content: "only you", flags: MessageFlags.Ephemeral });
    const messageId = fake.messageFor(token)!.id;

    const viaChannel: unknown = await client.rest
      .delete(Routes.channelMessage(command.channelId, messageId))
      .catch((e: unknown) => e);
    expect(viaChannel).toMatchObject({ code: 10008, status: 404 });
    await command.deleteReply();
    expect(fake.message(messageId)?.deleted).toBe(true);
  });

  it("gives channel messages ids the bot can edit by later, and lists them by channel", async () => {
    const client = await connectClient();
    const channelId = fake.guilds[0]!.channels[0]!.id;
    const first = (await client.rest.post(Routes.channelMessages(channelId), {
      body: { content: "one" },
    })) as {
      id: string;
    };
    const second = (await client.rest.post(Routes.channelMessages(channelId), {
      body: { content: "two" },
    })) as {
      id: string;
    };
    await client.rest.patch(Routes.channelMessage(channelId, first.id), { body: { content: "one, edited" } });

    expect(fake.channelMessages(channelId).map((m) => [m.id, m.content])).toEqual([
      [first.id, "one, edited"],
      [second.id, "two"],
    ]);
    expect(fake.message(first.id)?.editCount).toBe(1);
  });

  it("refuses a token 15 minutes after its interaction by the fake's clock, as Discord does", async () => {
    await fake.close();
    let now = middayUtc;
    fake = await startFakeDiscord({ now: () => now });
    const client = await connectClient();
    const { token, command, messageId } = await replyWithButtons(client, "redo");
    expect(command.createdTimestamp).toBe(middayUtc);

    now += interactionTokenLifetimeMs - 1;
    await command.editReply({ content: "just in time" });
    now += 1;
    const late: unknown = await command.editReply({ content: "too late" }).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 50027, status: 401, message: "Invalid Webhook Token" });
    const lateFollowUp: unknown = await command.followUp({ content: "too late" }).catch((e: unknown) => e);
    expect(lateFollowUp).toMatchObject({ code: 50027, status: 401 });
    expect(fake.messageFor(token)?.content).toBe("just in time");

    // A click is a new interaction with a token of its own, stamped with the clock as it is now.
    const redo = await click(client, { messageId, customId: "redo" });
    expect(redo.interaction.createdTimestamp).toBe(now);
    await redo.interaction.update({ content: "redone" });
    expect(fake.message(messageId)?.content).toBe("redone");
    now += interactionTokenLifetimeMs;
    const unanswered = nextCommand(client);
    fake.sendInteraction({ commandName: "imagine" });
    const fresh = await unanswered;
    now += interactionTokenLifetimeMs;
    const tooLateToDefer: unknown = await fresh.deferReply().catch((e: unknown) => e);
    expect(tooLateToDefer).toMatchObject({ code: 10062, status: 404 });
  });
});

const nextMessageCommand = (client: Client): Promise<MessageContextMenuCommandInteraction> =>
  nextInteraction(
    client,
    (i): i is MessageContextMenuCommandInteraction => i.isMessageContextMenuCommand(),
    "message command",
  );

describe("fake Discord: files people give the bot", () => {
  const picture = makePng(3, 2, [1, 2, 3]);

  it("resolves a command's attachment option as discord.js reads it, and serves its bytes at its url", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    fake.sendInteraction({
      commandName: "imagine",
      options: [{ name: "prompt", type: 3, value: "make it blue" }],
      attachments: { image: { filename: "cat.png", bytes: picture } },
    });
    const command = await received;
    const image = command.options.getAttachment("image");
    expect(image).toMatchObject({
      name: "cat.png",
      size: picture.length,
      contentType: "image/png",
      width: 3,
      height: 2,
      ephemeral: true,
    });
    expect(command.options.getString("prompt")).toBe("make it blue");
    expect(image!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/attachments\/\d+\/\d+\/cat\.png$/);
    const served = await fetch(image!.url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(picture);
    expect(fake.calls.filter((c) => c.route === "attachment").map((c) => c.status)).toEqual([200]);
  });

  it("reports what a test makes Discord claim: a type from the name, another size, another address", async () => {
    const client = await connectClient();
    const received = nextCommand(client);
    fake.sendInteraction({
      commandName: "imagine",
      attachments: {
        image: { filename: "anim.gif", bytes: picture },
        mask: {
          filename: "big.png",
          bytes: picture,
          size: 50_000_000,
          url: "https://elsewhere.invalid/big.png",
        },
      },
    });
    const command = await received;
    expect(command.options.getAttachment("image")?.contentType).toBe("image/gif");
    expect(command.options.getAttachment("mask")).toMatchObject({
      size: 50_000_000,
      url: "https://elsewhere.invalid/big.png",
    });
  });

  it("sends a message command on a user's message with the message and its files, which the bot may not edit", async () => {
    const client = await connectClient();
    const posted = fake.postMessage({
      userId: "800000000000000002",
      content: "look",
      files: [
        { filename: "notes.txt", bytes: Buffer.from("hi") },
        { filename: "cat.png", bytes: picture },
      ],
    });
    expect(posted.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["notes.txt", "application/octet-stream"],
      ["cat.png", "image/png"],
    ]);

    const received = nextMessageCommand(client);
    const { token } = fake.sendMessageCommand({ commandName: "Edit image", messageId: posted.id });
    const command = await received;
    expect(command.commandName).toBe("Edit image");
    expect(command.targetId).toBe(posted.id);
    const target = command.targetMessage;
    expect(target.author.id).toBe("800000000000000002");
    expect(target.content).toBe("look");
    expect(target.attachments.map((a) => a.name)).toEqual(["notes.txt", "cat.png"]);
    const served = await fetch(target.attachments.last()!.url);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(picture);

    const refused: unknown = await client.rest
      .patch(Routes.channelMessage(posted.channelId, posted.id), { body: { content: "mine now" } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 50005, status: 403 });

    // A modal answers a message command; its submission carries no message, as Discord's does not.
    await command.showModal({
      custom_id: "edit-form",
      title: "Edit",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "prompt",
              style: TextInputStyle.Short,
              label: "Prompt",
            },
          ],
        },
      ],
    });
    expect(fake.modalFor(token)?.customId).toBe("edit-form");
    const submitted = nextModalSubmit(client);
    fake.submitModal({ customId: "edit-form", fields: { prompt: "blue" } });
    const modal = await submitted;
    expect(modal.isFromMessage()).toBe(false);
    expect(modal.channelId).toBe(posted.channelId);
  });

  it("throws at a test that uses a message command on what no user could", () => {
    expect(() => fake.sendMessageCommand({ commandName: "Edit image", messageId: "1" })).toThrow(
      /message 1 does not exist/,
    );
    expect(() => fake.postMessage({ channelId: "1", content: "x" })).toThrow(/no channel 1/);
  });
});
