import { afterEach, describe, expect, it } from "vitest";
import { messagesFor } from "../../src/core/i18n/messages.ts";
import type { InteractionInput, InteractionSubcommandInput } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { guild, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const manageGuild = (1n << 5n).toString();
/** Holds Manage Server, so Discord shows them `/imagine-admin` and the bot takes their changes. */
const admin = { userId: "800000000000000301", memberPermissions: manageGuild };
/** A member with the default permissions: no Manage Server. */
const member = { userId: "800000000000000302" };
/** The channel DISCORD_ALLOWED_CHANNEL_IDS lists where a test sets it; people ask in `textChannelId`. */
const listedChannelId = "900000000000000099";
const artists = guild.roles[0]!.id;
/** The guild's thread, used as the mod-log channel. */
const modlogChannelId = guild.threads[0]!.id;

const notAdmin = "Only admins of this server (Manage Server) can change the bot's settings.";
const notHereSentence = `Images are allowed in <#${listedChannelId}>.`;

/** `/imagine-admin` as Discord sends it: a subcommand, or a group's subcommand, with its options. */
const command = {
  show: (channelId?: string): InteractionSubcommandInput => ({
    name: "show",
    type: 1,
    options: channelId ? [{ name: "channel", type: 7, value: channelId }] : [],
  }),
  channel: (action: "allow" | "deny" | "reset", channelId: string): InteractionSubcommandInput => ({
    name: "channel",
    type: 2,
    options: [{ name: action, type: 1, options: [{ name: "channel", type: 7, value: channelId }] }],
  }),
  role: (action: "allow" | "deny" | "reset", roleId: string): InteractionSubcommandInput => ({
    name: "role",
    type: 2,
    options: [{ name: action, type: 1, options: [{ name: "role", type: 8, value: roleId }] }],
  }),
  user: (action: "block" | "unblock", userId: string): InteractionSubcommandInput => ({
    name: "user",
    type: 2,
    options: [{ name: action, type: 1, options: [{ name: "user", type: 6, value: userId }] }],
  }),
  set: (key: string, value: string, channelId?: string): InteractionSubcommandInput => ({
    name: "set",
    type: 1,
    options: [
      { name: "key", type: 3, value: key },
      { name: "value", type: 3, value },
      ...(channelId ? [{ name: "channel", type: 7, value: channelId }] : []),
    ],
  }),
  unset: (key: string): InteractionSubcommandInput => ({
    name: "unset",
    type: 1,
    options: [{ name: "key", type: 3, value: key }],
  }),
};

/** Runs `/imagine-admin` as `who`; resolves with its private answer (ephemeral, pinging nobody). */
async function adminCommand(
  subcommand: InteractionSubcommandInput,
  who: Partial<InteractionInput> = admin,
): Promise<string> {
  const { token } = harness!.discord.sendInteraction({
    commandName: "imagine-admin",
    options: [subcommand],
    ...who,
  });
  return harness!.privateAnswer(token);
}

/** A member's `/imagine` that is refused: resolves with the private refusal. */
async function refused(prompt: string, who: Partial<InteractionInput> = member): Promise<string> {
  return harness!.privateAnswer(harness!.imagine({ prompt }, who));
}

/** A member's `/imagine` that makes its image: resolves once the image is in the reply. */
async function madeImage(prompt: string, who: Partial<InteractionInput> = member): Promise<void> {
  harness!.cometapi.enqueue({ kind: "json", images: [png.image1] });
  const result = await harness!.untilFinal(harness!.imagine({ prompt }, who));
  expect(result.attachments.map((attachment) => attachment.bytes)).toEqual([png.image1]);
}

/** The line of an answer that names `key`. */
const lineOf = (answer: string, key: string) =>
  answer.split("\n").find((line) => line.startsWith(`\`${key}\`:`));

const start = (env: Record<string, string> = {}) =>
  startDiscordHarness(env, {}, { now: () => middayUtc }).then((started) => (harness = started));

describe("/imagine-admin on Discord", () => {
  it("lets a Manage Server holder allow a channel the environment leaves out, for the next request", async () => {
    const h = await start({ DISCORD_ALLOWED_CHANNEL_IDS: listedChannelId });
    expect(await refused("a fox")).toBe(notHereSentence);

    const answer = await adminCommand(command.channel("allow", textChannelId));

    expect(answer.split("\n").slice(0, 5)).toEqual([
      `<#${textChannelId}> is now allowed.`,
      "**Settings for this server**",
      `Channels: only <#${listedChannelId}>, <#${textChannelId}>.`,
      "Roles: everyone.",
      `Set in chat: <#${textChannelId}> allowed.`,
    ]);
    expect(lineOf(answer, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 0 (no limit) (environment)");
    await madeImage("a fox");
    expect(h.cometapi.requests.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
      "a fox",
    ]);
  });

  it("refuses a member without Manage Server, though Discord would hide the command, and changes nothing", async () => {
    const h = await start({
      DISCORD_ALLOWED_CHANNEL_IDS: listedChannelId,
      DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
    });

    expect(await adminCommand(command.channel("allow", textChannelId), member)).toBe(notAdmin);
    expect(await adminCommand(command.set("daily_limit_per_user", "1"), member)).toBe(notAdmin);
    expect(await adminCommand(command.show(), member)).toBe(notAdmin);

    expect(await refused("a fox")).toBe(notHereSentence);
    expect(h.cometapi.requests).toEqual([]);
    const show = await adminCommand(command.show());
    expect(show).not.toContain("Set in chat");
    expect(lineOf(show, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 0 (no limit) (environment)");
    expect(h.discord.channelMessages(modlogChannelId)).toEqual([]);
  });

  it("holds a member to a daily limit set in chat", async () => {
    const h = await start();

    const answer = await adminCommand(command.set("daily_limit_per_user", "1"));
    expect(answer.split("\n")[0]).toBe("`daily_limit_per_user` is now 1 (was 0 (no limit)).");
    expect(lineOf(answer, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 1 (set for this server)");

    await madeImage("a fox");
    expect(await refused("another fox")).toBe(
      "You have reached your daily limit of 1 image. It resets at 00:00 UTC (in 12 h).",
    );
    expect(h.cometapi.requests).toHaveLength(1);
  });

  it("names where each value comes from: the environment, the server, the channel", async () => {
    await start({ IMAGINE_COOLDOWN_SECONDS: "30" });
    await adminCommand(command.set("daily_limit_per_user", "5"));
    const set = await adminCommand(command.set("cooldown_seconds", "60", textChannelId));
    expect(set.split("\n").slice(0, 2)).toEqual([
      `\`cooldown_seconds\` in <#${textChannelId}> is now 60 (was 30).`,
      `**Settings in <#${textChannelId}>**`,
    ]);

    const server = await adminCommand(command.show());
    expect(server.split("\n")[0]).toBe("**Settings for this server**");
    expect(lineOf(server, "cooldown_seconds")).toBe("`cooldown_seconds`: 30 (environment)");
    expect(lineOf(server, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 5 (set for this server)");
    expect(lineOf(server, "spoilers")).toBe("`spoilers`: off (environment)");

    const inChannel = await adminCommand(command.show(textChannelId));
    expect(inChannel.split("\n")[0]).toBe(`**Settings in <#${textChannelId}>**`);
    expect(lineOf(inChannel, "cooldown_seconds")).toBe("`cooldown_seconds`: 60 (set for this channel)");
    expect(lineOf(inChannel, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 5 (set for this server)");

    // In force where it was set: the second request in that channel waits the channel's 60 s.
    await madeImage("a fox");
    expect(await refused("another fox")).toBe("You can imagine again in 60 s.");
  });

  it("lets only members of a role allowed in chat make images", async () => {
    const h = await start();
    const answer = await adminCommand(command.role("allow", artists));
    expect(answer.split("\n").slice(0, 4)).toEqual([
      `<@&${artists}> is now allowed.`,
      "**Settings for this server**",
      "Channels: every channel.",
      `Roles: only members of <@&${artists}>.`,
    ]);

    expect(await refused("a fox")).toBe(`You need the <@&${artists}> role.`);
    await madeImage("a fox", { ...member, memberRoles: [artists] });
    expect(h.cometapi.requests).toHaveLength(1);
  });

  it("refuses a person blocked in chat until they are unblocked", async () => {
    await start();
    expect((await adminCommand(command.user("block", member.userId))).split("\n")[0]).toBe(
      `<@${member.userId}> is now blocked here.`,
    );
    expect(await refused("a fox")).toBe("You are not allowed to make images with this bot.");

    expect((await adminCommand(command.user("unblock", member.userId))).split("\n")[0]).toBe(
      `<@${member.userId}> is no longer blocked here.`,
    );
    await madeImage("a fox");
  });

  it("refuses a value the bot cannot use, with the reason, and changes nothing", async () => {
    const h = await start({
      IMAGINE_MODELS: "gpt-image-1,dall-e-3",
      DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
    });

    expect(await adminCommand(command.set("default_model", "flux"))).toBe(
      '"flux" is not a model this bot offers. Choose one of: gpt-image-1, dall-e-3.',
    );
    expect(await adminCommand(command.set("spoilers", "maybe"))).toBe('"maybe" is neither on nor off.');

    const show = await adminCommand(command.show());
    expect(lineOf(show, "default_model")).toBe("`default_model`: `gpt-image-1` (environment)");
    expect(lineOf(show, "spoilers")).toBe("`spoilers`: off (environment)");
    expect(h.discord.channelMessages(modlogChannelId)).toEqual([]);
  });

  it("posts each change in the mod-log channel, once, pinging nobody", async () => {
    const h = await start({ DISCORD_MODLOG_CHANNEL_ID: modlogChannelId });
    const modlog = () => h.discord.channelMessages(modlogChannelId);

    await adminCommand(command.set("daily_limit_per_user", "3"));
    await h.waitUntil(() => modlog().length === 1, "the change's line in the mod-log");
    await adminCommand(command.channel("deny", textChannelId));
    await h.waitUntil(() => modlog().length === 2, "the second change's line in the mod-log");
    // The same value again changes nothing, and says so; the mod-log hears nothing of it.
    expect((await adminCommand(command.set("daily_limit_per_user", "3"))).split("\n")[0]).toBe(
      "Nothing changed: that was already so.",
    );
    await adminCommand(command.show());

    expect(modlog().map((message) => message.content)).toEqual([
      `<@${admin.userId}> changed \`daily_limit_per_user\` from 0 (no limit) to 3.`,
      `<@${admin.userId}> denied <#${textChannelId}>.`,
    ]);
    for (const message of modlog()) {
      expect(message.allowedMentions).toEqual({ parse: [] });
      expect(message.ephemeral).toBe(false);
    }
    const posts = h.discord.calls.filter(
      (call) => call.method === "POST" && call.path.endsWith(`/channels/${modlogChannelId}/messages`),
    );
    expect(posts.map((call) => (call.json as { allowed_mentions: unknown }).allowed_mentions)).toEqual([
      { parse: [] },
      { parse: [] },
    ]);
  });

  it("starts a mod-log where an admin names one, and posts there from then on", async () => {
    const h = await start();
    const modlog = () => h.discord.channelMessages(modlogChannelId).map((message) => message.content);

    const answer = await adminCommand(command.set("modlog_channel", `<#${modlogChannelId}>`));
    expect(answer.split("\n")[0]).toBe(`\`modlog_channel\` is now <#${modlogChannelId}> (was nowhere).`);
    expect(lineOf(answer, "modlog_channel")).toBe(
      `\`modlog_channel\`: <#${modlogChannelId}> (set for this server)`,
    );
    await h.waitUntil(() => modlog().length === 1, "the first line in the new mod-log");
    await adminCommand(command.role("deny", artists));
    await h.waitUntil(() => modlog().length === 2, "the next change's line");
    expect(modlog()).toEqual([
      `<@${admin.userId}> changed \`modlog_channel\` from nowhere to <#${modlogChannelId}>.`,
      `<@${admin.userId}> denied <@&${artists}>.`,
    ]);
  });

  it("gives one channel, and its threads, the image defaults and spoilers set for it", async () => {
    const h = await start({ IMAGINE_DEFAULT_MODEL: "gpt-image-1" });
    await adminCommand(command.set("default_model", "dall-e-3", textChannelId));
    await adminCommand(command.set("spoilers", "on", textChannelId));
    const fileNames = async (token: string) =>
      (await h.untilFinal(token)).attachments.map((attachment) => attachment.filename);

    h.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const inThread = h.imagine({ prompt: "a surprise" }, { ...member, channelId: guild.threads[0]!.id });
    expect(await fileNames(inThread)).toEqual(["SPOILER_imagine-1.png"]);
    h.cometapi.enqueue({ kind: "json", images: [png.image2] });
    const elsewhere = h.imagine({ prompt: "no surprise" }, { ...member, channelId: listedChannelId });
    expect(await fileNames(elsewhere)).toEqual(["imagine-1.png"]);
    expect(h.cometapi.requests.map((request) => (request.body as { model: string }).model)).toEqual([
      "dall-e-3",
      "gpt-image-1",
    ]);
  });

  it("takes changes from the bot's operator, who needs no Manage Server", async () => {
    await start({ IMAGINE_ADMIN_USER_IDS: member.userId });
    const answer = await adminCommand(command.set("daily_limit_per_user", "1"), member);
    expect(answer.split("\n")[0]).toBe("`daily_limit_per_user` is now 1 (was 0 (no limit)).");
  });

  it("tells the mod-log nothing when the value in force stays what it was", async () => {
    const h = await start({ IMAGINE_DAILY_LIMIT_PER_USER: "5", DISCORD_MODLOG_CHANNEL_ID: modlogChannelId });
    const modlog = () => h.discord.channelMessages(modlogChannelId).map((message) => message.content);

    // Pinning the environment's value for the server, then letting it go again: the admin hears
    // that nothing changed, and the mod-log, which only reports changes, stays quiet.
    const pinned = await adminCommand(command.set("daily_limit_per_user", "5"));
    expect(pinned.split("\n")[0]).toBe("Nothing changed: that was already so.");
    expect(lineOf(pinned, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 5 (set for this server)");
    const released = await adminCommand(command.unset("daily_limit_per_user"));
    expect(released.split("\n")[0]).toBe("Nothing changed: that was already so.");
    expect(lineOf(released, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 5 (environment)");

    await adminCommand(command.set("daily_limit_per_user", "6"));
    await h.waitUntil(() => modlog().length > 0, "the real change's line in the mod-log");
    expect(modlog()).toEqual([`<@${admin.userId}> changed \`daily_limit_per_user\` from 5 to 6.`]);
  });

  it("answers in the language of the person's Discord", async () => {
    await start();
    const german = messagesFor("de");

    expect(await adminCommand(command.show(), { ...member, locale: "de" })).toBe(
      german.t("admin:problems.notAdmin.discord"),
    );
    const show = await adminCommand(command.show(), { ...admin, locale: "de" });
    expect(show.split("\n")[0]).toBe(`**${german.t("admin:show.title.discord")}**`);
    expect(show).toContain(german.t("admin:show.everyChannel"));
  });
});
