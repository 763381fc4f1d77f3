import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  PermissionFlagsBits,
  PermissionsBitField,
  type Interaction,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { emitRawInteraction } from "../../src/discord/inbound/emit-raw-interaction.ts";

// Raw payloads as Discord POSTs them to an Interactions Endpoint URL, from a guild the client has
// never cached (no gateway, so no GUILD_CREATE).
const guildId = "900000000000000101";
const parentId = "900000000000000102";
const threadId = "900000000000000103";
const roleId = "900000000000000104";
const user = {
  id: "800000000000000101",
  username: "someone",
  discriminator: "0",
  global_name: null,
  avatar: null,
};
const moderator = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.ManageMessages,
]).bitfield.toString();

const thread = {
  id: threadId,
  type: 11,
  guild_id: guildId,
  name: "imagine-thread",
  parent_id: parentId,
  owner_id: user.id,
  last_message_id: null,
  rate_limit_per_user: 0,
  flags: 0,
  permissions: moderator,
  thread_metadata: {
    archived: false,
    auto_archive_duration: 1440,
    archive_timestamp: "2025-01-01T00:00:00.000Z",
    locked: false,
  },
};

const envelope = (type: number, id: string) => ({
  id,
  application_id: "500000000000000001",
  type,
  token: `token-${id}`,
  version: 1,
  channel: thread,
  channel_id: threadId,
  guild_id: guildId,
  guild: { id: guildId, locale: "en-US", features: [] },
  guild_locale: "en-US",
  locale: "en-US",
  app_permissions: "0",
  // Non-empty: discord.js would file it under `client.application`, which only a gateway READY makes.
  entitlements: [
    { id: "1", sku_id: "2", application_id: "500000000000000001", user_id: user.id, type: 8, deleted: false },
  ],
  authorizing_integration_owners: { "0": guildId },
  context: 0,
  attachment_size_limit: 10 * 1024 * 1024,
  member: {
    user,
    roles: [roleId],
    permissions: moderator,
    joined_at: "2024-01-01T00:00:00.000Z",
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    deaf: false,
    mute: false,
    flags: 0,
  },
});

const image = {
  id: "700000000000000001",
  filename: "imagine-1.png",
  size: 100,
  url: "https://cdn.discordapp.com/attachments/1/2/imagine-1.png",
  proxy_url: "https://media.discordapp.net/attachments/1/2/imagine-1.png",
  content_type: "image/png",
  width: 8,
  height: 8,
};
const message = {
  id: "700000000000000002",
  channel_id: threadId,
  type: 0,
  content: "a lighthouse",
  author: { ...user, id: "500000000000000001", username: "imagine", bot: true },
  attachments: [image],
  embeds: [],
  mentions: [],
  mention_roles: [],
  pinned: false,
  mention_everyone: false,
  tts: false,
  timestamp: "2025-01-01T00:00:00.000Z",
  edited_timestamp: null,
  flags: 0,
  components: [],
};

let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  client = undefined;
});

/** A client as HTTP mode builds it: never logged in. Resolves with what it emits for `data`. */
function emitted(data: Record<string, unknown>): Interaction {
  client ??= new Client({ intents: [GatewayIntentBits.Guilds], partials: [Partials.Channel] });
  let received: Interaction | undefined;
  client.once(Events.InteractionCreate, (interaction) => (received = interaction));
  emitRawInteraction(client, data);
  if (received === undefined) throw new Error("discord.js emitted no interaction");
  return received;
}

describe("turning a raw HTTP interaction into discord.js's Interaction (internal API)", () => {
  it("emits a slash command with its options, its thread and parent, and the member's roles and permissions", () => {
    const interaction = emitted({
      ...envelope(2, "600000000000000001"),
      data: {
        id: "600000000000000099",
        name: "imagine",
        type: 1,
        options: [{ name: "prompt", type: 3, value: "a lighthouse" }],
      },
    });
    expect(interaction.isChatInputCommand()).toBe(true);
    if (!interaction.isChatInputCommand()) return;
    expect(interaction.options.getString("prompt")).toBe("a lighthouse");
    expect(interaction.inCachedGuild()).toBe(false);
    expect(interaction.inGuild()).toBe(true);
    expect(interaction.guildId).toBe(guildId);
    expect(interaction.channelId).toBe(threadId);
    expect(interaction.channel?.isThread()).toBe(true);
    expect(interaction.channel?.isThread() && interaction.channel.parentId).toBe(parentId);
    expect(interaction.member?.roles).toEqual([roleId]);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)).toBe(true);
    expect(interaction.applicationId).toBe("500000000000000001");
    expect(interaction.token).toBe("token-600000000000000001");
  });

  it("emits a button click carrying the clicked message with its attachments", () => {
    const interaction = emitted({
      ...envelope(3, "600000000000000002"),
      data: { custom_id: "imagine:reroll:job-1", component_type: 2 },
      message,
    });
    expect(interaction.isButton()).toBe(true);
    if (!interaction.isButton()) return;
    expect(interaction.customId).toBe("imagine:reroll:job-1");
    expect(interaction.message.id).toBe(message.id);
    expect(interaction.message.attachments.first()?.url).toBe(image.url);
  });

  it("emits a message command whose target message is a discord.js Message", () => {
    const interaction = emitted({
      ...envelope(2, "600000000000000003"),
      data: {
        id: "600000000000000098",
        name: "Edit image",
        type: 3,
        target_id: message.id,
        resolved: { messages: { [message.id]: message } },
      },
    });
    expect(interaction.isMessageContextMenuCommand()).toBe(true);
    if (!interaction.isMessageContextMenuCommand()) return;
    expect(interaction.targetMessage.attachments.first()?.contentType).toBe("image/png");
  });

  it("emits a modal submit with its fields, and an autocomplete with its focused option", () => {
    const modal = emitted({
      ...envelope(5, "600000000000000004"),
      data: {
        custom_id: "imagine:vary-form:job-1",
        components: [{ type: 1, components: [{ type: 4, custom_id: "prompt", value: "a red lighthouse" }] }],
      },
      message,
    });
    expect(modal.isModalSubmit() && modal.fields.getTextInputValue("prompt")).toBe("a red lighthouse");
    const autocomplete = emitted({
      ...envelope(4, "600000000000000005"),
      data: {
        id: "600000000000000099",
        name: "imagine",
        type: 1,
        options: [{ name: "size", type: 3, value: "10", focused: true }],
      },
    });
    expect(autocomplete.isAutocomplete() && autocomplete.options.getFocused(true)).toMatchObject({
      name: "size",
      value: "10",
    });
  });

  it("emits a direct message's interaction, whose channel needs no guild", () => {
    const { guild_id: _guild, guild: _partial, member: _member, ...dm } = envelope(2, "600000000000000006");
    const interaction = emitted({
      ...dm,
      user,
      context: 1,
      channel: { id: "900000000000000199", type: 1, recipients: [user], last_message_id: null },
      channel_id: "900000000000000199",
      data: { id: "600000000000000099", name: "imagine-history", type: 1 },
    });
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.channel?.isDMBased()).toBe(true);
    expect(interaction.user.id).toBe(user.id);
  });
});
