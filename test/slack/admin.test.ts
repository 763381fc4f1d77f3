import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import {
  alice,
  bob,
  channel,
  hasImages,
  hasLastWord,
  png,
  startHarness,
  type Harness,
  type HarnessOptions,
} from "./harness.ts";

/** A second channel, outside what the environment allows; Slack escapes it as `<#C0ART00001|art>`. */
const artChannel = "C0ART00001";
const art = `<#${artChannel}|art>`;
const modlogChannel = "C0MODLOG01";
/** Bob is a workspace admin (Slack's `users.info` says so); Alice is a member. */
const admin = bob;
const member = alice;

const notAdmin = "Only admins and owners of this workspace can change the bot's settings.";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The bot with Bob a workspace admin, on a fixed clock (noon UTC: twelve hours to the daily reset). */
async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness({ admins: [admin], now: () => middayUtc, ...options });
  return harness;
}

/** `/imagine <text>` as `user` in `channelId`; resolves with the private answer they were shown. */
async function slash(h: Harness, user: string, text: string, channelId = channel): Promise<string> {
  const before = h.slack.ephemeralsFor(channelId, user).length;
  await h.slack.sendSlashCommand({ command: "/imagine", text, userId: user, channelId });
  await h.slack.waitUntil(
    () => h.slack.ephemeralsFor(channelId, user).length > before,
    `the private answer to /imagine ${text}`,
  );
  return h.slack.ephemeralsFor(channelId, user).at(-1)!.text;
}

/** `@bot text` from `user` in `channelId`, refused: resolves with the private refusal. */
async function refusedMention(h: Harness, user: string, text: string, channelId: string): Promise<string> {
  const before = h.slack.ephemeralsFor(channelId, user).length;
  const ts = await h.mention(text, { user, channelId });
  await h.slack.waitUntil(
    () => h.slack.ephemeralsFor(channelId, user).length > before,
    `the private refusal of "${text}"`,
  );
  expect(h.slack.messagesIn(channelId, ts)).toEqual([]);
  return h.slack.ephemeralsFor(channelId, user).at(-1)!.text;
}

/** `@bot text` from `user` in `channelId`, accepted: resolves once its image is in its thread. */
async function madeImage(h: Harness, user: string, text: string, channelId: string): Promise<void> {
  h.cometapi.enqueue({ kind: "json", images: [png.image1] });
  const ts = await h.mention(text, { user, channelId });
  await h.waitForThread(channelId, ts, (messages) => hasImages(messages) && hasLastWord(messages));
}

/** The line of `show` that names `key`. */
const lineOf = (answer: string, key: string) =>
  answer.split("\n").find((line) => line.startsWith(`\`${key}\`:`));

describe("/imagine admin on Slack", () => {
  it("lets a workspace admin allow a channel the environment leaves out, for the next request", async () => {
    const h = await start({ env: { SLACK_ALLOWED_CHANNEL_IDS: channel } });
    expect(await refusedMention(h, member, "a fox", artChannel)).toBe(
      `Images can't be made in this channel. Try <#${channel}>.`,
    );

    const answer = await slash(h, admin, `admin channel allow ${art}`);

    expect(answer.split("\n").slice(0, 5)).toEqual([
      `<#${artChannel}> is now allowed.`,
      "*Settings for this workspace*",
      `Channels: only <#${channel}>, <#${artChannel}>.`,
      "User groups: everyone.",
      `Set in chat: <#${artChannel}> allowed.`,
    ]);
    expect(lineOf(answer, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 0 (no limit) (environment)");
    await madeImage(h, member, "a fox", artChannel);
    expect(h.cometapi.requests.map((request) => request.body["prompt"])).toEqual(["a fox"]);
    expect(h.slack.ephemeralsFor(artChannel, member)).toHaveLength(1);
  });

  it("refuses a member who is no admin, and changes nothing", async () => {
    const h = await start({ env: { SLACK_ALLOWED_CHANNEL_IDS: channel } });

    expect(await slash(h, member, "admin show")).toBe(notAdmin);
    expect(await slash(h, member, `admin channel allow ${art}`)).toBe(notAdmin);

    expect(await refusedMention(h, member, "a fox", artChannel)).toBe(
      `Images can't be made in this channel. Try <#${channel}>.`,
    );
    expect(h.cometapi.requests).toEqual([]);
    expect(h.slack.calls.filter((call) => call.method === "chat.postMessage")).toEqual([]);
  });

  it("holds a member to a daily limit set in chat", async () => {
    const h = await start();

    const answer = await slash(h, admin, "admin set daily_limit_per_user 1");
    expect(answer.split("\n")[0]).toBe("`daily_limit_per_user` is now 1 (was 0 (no limit)).");
    expect(lineOf(answer, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 1 (set for this workspace)");

    await madeImage(h, member, "a fox", channel);
    expect(await refusedMention(h, member, "another fox", channel)).toBe(
      "You have reached your daily limit of 1 image. It resets at 00:00 UTC (in 12 h).",
    );
    expect(h.cometapi.requests).toHaveLength(1);
  });

  it("names where each value comes from: the environment, the workspace, the channel", async () => {
    const h = await start({ env: { IMAGINE_COOLDOWN_SECONDS: "30" } });
    await slash(h, admin, "admin set daily_limit_per_user 5");
    const set = await slash(h, admin, `admin set cooldown_seconds 60 ${art}`);
    expect(set.split("\n").slice(0, 2)).toEqual([
      `\`cooldown_seconds\` in <#${artChannel}> is now 60 (was 30).`,
      `*Settings in <#${artChannel}>*`,
    ]);

    const workspace = await slash(h, admin, "admin show");
    expect(workspace.split("\n")[0]).toBe("*Settings for this workspace*");
    expect(lineOf(workspace, "cooldown_seconds")).toBe("`cooldown_seconds`: 30 (environment)");
    expect(lineOf(workspace, "daily_limit_per_user")).toBe(
      "`daily_limit_per_user`: 5 (set for this workspace)",
    );
    // Slack has no spoilers: the answer does not offer them.
    expect(lineOf(workspace, "spoilers")).toBeUndefined();

    const inArt = await slash(h, admin, `admin show ${art}`);
    expect(inArt.split("\n")[0]).toBe(`*Settings in <#${artChannel}>*`);
    expect(lineOf(inArt, "cooldown_seconds")).toBe("`cooldown_seconds`: 60 (set for this channel)");
    expect(lineOf(inArt, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 5 (set for this workspace)");

    // In force where it was set: the second request in #art waits the channel's 60 s.
    await madeImage(h, member, "a fox", artChannel);
    expect(await refusedMention(h, member, "another fox", artChannel)).toBe("You can imagine again in 60 s.");
  });

  it("refuses a value the bot cannot use, a setting Slack lacks and words that are no command", async () => {
    const h = await start({ env: { IMAGINE_MODELS: "gpt-image-1,gpt-image-1-mini" } });
    const before = await slash(h, admin, "admin show");

    expect(await slash(h, admin, "admin set default_model flux")).toBe(
      '"flux" is not a model this bot offers. Choose one of: gpt-image-1, gpt-image-1-mini.',
    );
    expect(await slash(h, admin, "admin set spoilers on")).toBe(
      "Slack has no spoilers, so this setting does not exist here.",
    );
    // Slack escapes a typed `<`; the answer quotes it back as typed, not as markup.
    expect(await slash(h, admin, "admin set cooldown_seconds a&lt;b")).toBe(
      '"a&lt;b" is not a whole number from 0 to 1,000,000.',
    );
    // The usage line's `<key>` is text, not a Slack link.
    const usage =
      "Use: /imagine admin show [#channel] · channel allow|deny|reset #channel · usergroup allow|deny|reset @group · user block|unblock @person · set &lt;key&gt; &lt;value&gt; [#channel] · unset &lt;key&gt; [#channel]";
    expect(await slash(h, admin, `admin channel frobnicate ${art}`)).toBe(usage);
    expect(await slash(h, admin, "admin help")).toBe(usage);
    expect(await slash(h, admin, "admin")).toBe(usage);
    expect(await slash(h, admin, "admin set")).toBe(usage);
    expect(await slash(h, admin, "admin unset")).toBe(usage);

    expect(await slash(h, admin, "admin show")).toBe(before);
    expect(h.cometapi.requests).toEqual([]);
  });

  it("posts each change once in the mod-log channel: who changed what, from what to what", async () => {
    const h = await start({
      env: { SLACK_MODLOG_CHANNEL_ID: modlogChannel, IMAGINE_DAILY_LIMIT_PER_USER: "10" },
    });
    const modlog = () =>
      h.slack.calls.filter(
        (call) => call.method === "chat.postMessage" && call.args["channel"] === modlogChannel,
      );

    await slash(h, admin, "admin set daily_limit_per_user 3");
    await h.slack.waitUntil(() => modlog().length === 1, "the change in the mod-log");
    // The same value again changes nothing, and a refused command posts nothing.
    await slash(h, admin, "admin set daily_limit_per_user 3");
    await slash(h, member, "admin set daily_limit_per_user 100");
    await slash(h, admin, `admin channel deny ${art}`);
    await h.slack.waitUntil(() => modlog().length === 2, "the second change in the mod-log");

    expect(modlog().map((call) => call.args["text"])).toEqual([
      `:gear: <@${admin}> changed \`daily_limit_per_user\` from 10 to 3.`,
      `:gear: <@${admin}> denied <#${artChannel}>.`,
    ]);
    expect(h.slack.messagesIn(modlogChannel)).toHaveLength(2);
  });

  it("posts changes in a mod-log channel set in chat, starting with that change", async () => {
    const h = await start();
    const modlog = () =>
      h.slack.calls.filter(
        (call) => call.method === "chat.postMessage" && call.args["channel"] === modlogChannel,
      );

    await slash(h, admin, `admin set modlog_channel <#${modlogChannel}|mod-log>`);
    await slash(h, admin, "admin set cooldown_seconds 10");
    await h.slack.waitUntil(() => modlog().length === 2, "both changes in the mod-log");

    expect(modlog().map((call) => call.args["text"])).toEqual([
      `:gear: <@${admin}> changed \`modlog_channel\` from nowhere to <#${modlogChannel}>.`,
      `:gear: <@${admin}> changed \`cooldown_seconds\` from 0 (no limit) to 10.`,
    ]);
  });

  it("takes a prompt that merely starts with “admin” as a prompt", async () => {
    const h = await start();
    h.cometapi.enqueue({ kind: "json", images: [png.image1] });

    await h.slack.sendSlashCommand({
      command: "/imagine",
      text: "admin panel in neon",
      userId: member,
      channelId: channel,
    });
    await h.waitForSlashCommandThread(channel, (messages) => hasImages(messages) && hasLastWord(messages));

    expect(h.cometapi.requests.map((request) => request.body["prompt"])).toEqual(["admin panel in neon"]);
    expect(h.slack.ephemeralsFor(channel, member)).toEqual([]);
  });

  it("refuses to change what the policy file locks, and says so in show", async () => {
    const file = join(makeTempDir("slack-admin"), "policy.json");
    writeFileSync(
      file,
      JSON.stringify({
        limits: { dailyLimitPerUser: 2 },
        lockedSettings: ["daily_limit_per_user", "channels"],
      }),
    );
    const h = await start({ env: { IMAGINE_POLICY_FILE: file } });

    expect(await slash(h, admin, "admin set daily_limit_per_user 1")).toBe(
      "The bot's operator has locked daily_limit_per_user: it cannot be changed from chat.",
    );
    expect(await slash(h, admin, `admin channel deny ${art}`)).toBe(
      "The bot's operator has locked channels: it cannot be changed from chat.",
    );

    const show = await slash(h, admin, "admin show");
    expect(lineOf(show, "daily_limit_per_user")).toBe("`daily_limit_per_user`: 2 (policy file, locked)");
    expect(show.split("\n").at(-1)).toBe("Locked by the bot's operator: channels.");
    expect(show).not.toContain("Set in chat");
    // Unlocked settings still change.
    expect((await slash(h, admin, "admin set cooldown_seconds 5")).split("\n")[0]).toBe(
      "`cooldown_seconds` is now 5 (was 0 (no limit)).",
    );
  });
});
