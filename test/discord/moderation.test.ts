import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage, RecordedCall } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { guild, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const person = "800000000000000401";
/** The guild's other channel (a thread the fake Discord knows), standing for the moderators' channel. */
const modlogChannelId = guild.threads[0]!.id;
const blockedTerms = "nsfw,/dr[a@]gon/";
const neutralSentence = "This prompt can't be used here. Try something else.";
// Quotas are counted on a fixed midday, so a run across 00:00 UTC does not reset one mid-test.
const atMidday = { now: () => middayUtc };

const isChannelPost = (call: RecordedCall) => call.method === "POST" && call.route === "channelMessages";
const hasImage = (token: string) => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0;
const fileNames = (message: FakeMessage | undefined) =>
  (message?.attachments ?? []).map((attachment) => attachment.filename);

/** The mod-log channel once it holds `count` lines. */
async function modlogLines(count: number): Promise<FakeMessage[]> {
  const lines = () => harness!.discord.channelMessages(modlogChannelId);
  await harness!.waitUntil(() => lines().length >= count, `${count} line(s) in the mod-log channel`);
  return lines();
}

/** A policy file holding `policy`, for IMAGINE_POLICY_FILE. */
function policyFile(policy: object): string {
  const file = join(makeTempDir("moderation"), "policy.json");
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

describe("blocked terms on Discord", () => {
  it("refuses a term hidden by a zero-width space privately, logs it for moderators pinging nobody, and charges nothing", async () => {
    harness = await startDiscordHarness(
      {
        IMAGINE_BLOCKED_TERMS: blockedTerms,
        DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
        IMAGINE_DAILY_LIMIT_PER_USER: "1",
      },
      {},
      atMidday,
    );
    const { discord, cometapi } = harness;
    const prompt = "a n\u200Bsfw cat @everyone <@&900000000000000004> **now**";

    const refused = harness.imagine({ prompt }, { userId: person });
    const answer = await harness.privateAnswer(refused);
    expect(answer).toBe(neutralSentence);
    expect(answer.toLowerCase()).not.toContain("nsfw");
    expect(cometapi.requests).toEqual([]);

    // The prompt as the bot read it (zero-width characters dropped), its markdown shown as typed.
    const [line] = await modlogLines(1);
    expect(line!.content).toBe(
      `🛡️ Refused a prompt from <@${person}> in <#${textChannelId}> (blocked term “nsfw”): ` +
        "a nsfw cat @everyone <@&900000000000000004> \\*\\*now\\*\\*",
    );
    expect(line!.ephemeral).toBe(false);
    expect(line!.allowedMentions).toEqual({ parse: [] });

    // The refusal took nothing from the day's single image: the next prompt is made.
    cometapi.fallback = { kind: "json", images: [png.image1] };
    const accepted = harness.imagine({ prompt: "a calm cat" }, { userId: person });
    await harness.waitUntil(() => hasImage(accepted));
    expect(discord.messageFor(accepted)!.attachments[0]!.bytes).toEqual(png.image1);
    // …and that one was counted: the limit is in force.
    const over = harness.imagine({ prompt: "another cat" }, { userId: person });
    expect(await harness.privateAnswer(over)).toMatch(/^You have reached your daily limit of 1 image\./);
    expect(cometapi.requests).toHaveLength(1);

    // One line in all, and nothing else posted in any channel.
    expect(discord.channelMessages(modlogChannelId)).toHaveLength(1);
    expect(discord.calls.filter(isChannelPost).map((call) => call.params["channelId"])).toEqual([
      modlogChannelId,
    ]);
  });

  it("refuses a prompt a /regex/ term matches, naming the rule only to moderators", async () => {
    harness = await startDiscordHarness({
      IMAGINE_BLOCKED_TERMS: blockedTerms,
      DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
    });
    const refused = harness.imagine({ prompt: "a DR@GON over the hills" }, { userId: person });
    const answer = await harness.privateAnswer(refused);
    expect(answer).toBe(neutralSentence);
    expect(answer).not.toMatch(/dr\[?a/i);
    expect(harness.cometapi.requests).toEqual([]);

    const [line] = await modlogLines(1);
    expect(line!.content).toBe(
      `🛡️ Refused a prompt from <@${person}> in <#${textChannelId}> (blocked term “/dr[a@]gon/”): ` +
        "a DR@GON over the hills",
    );
    expect(line!.allowedMentions).toEqual({ parse: [] });
  });

  it("logs CometAPI's content-policy refusal for moderators too", async () => {
    harness = await startDiscordHarness({
      IMAGINE_BLOCKED_TERMS: blockedTerms,
      DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
    });
    harness.cometapi.enqueue({
      kind: "error",
      status: 400,
      code: "moderation_blocked",
      message: "Your request was rejected by the safety system.",
    });
    const token = harness.imagine({ prompt: "something @here the filter dislikes" }, { userId: person });
    const final = await harness.untilFinal(token);
    expect(final.content).toBe(
      "⚠️ The image service refused this prompt under its content policy. Try rewording it.",
    );
    expect(harness.cometapi.requests).toHaveLength(1);

    const [line] = await modlogLines(1);
    expect(line!.content).toBe(
      `🛡️ Refused a prompt from <@${person}> in <#${textChannelId}> (CometAPI's content policy): ` +
        "something @here the filter dislikes",
    );
    expect(line!.allowedMentions).toEqual({ parse: [] });
  });

  it("takes a guild's mod-log channel from the policy file", async () => {
    const file = policyFile({ discord: { guilds: { [guild.id]: { modlogChannelId } } } });
    harness = await startDiscordHarness({ IMAGINE_BLOCKED_TERMS: blockedTerms, IMAGINE_POLICY_FILE: file });
    const refused = harness.imagine({ prompt: "nsfw" }, { userId: person });
    expect(await harness.privateAnswer(refused)).toBe(neutralSentence);
    const [line] = await modlogLines(1);
    expect(line!.content).toContain(`<@${person}> in <#${textChannelId}> (blocked term “nsfw”): nsfw`);
  });

  it("still refuses a blocked prompt without a mod-log channel, and posts it nowhere", async () => {
    harness = await startDiscordHarness({ IMAGINE_BLOCKED_TERMS: blockedTerms });
    const { discord, cometapi } = harness;
    // Hidden characters and look-alike letters (a soft hyphen, full-width letters) hide no term.
    for (const prompt of ["a n\u200Bsfw cat", "a \uFF4E\u00AD\uFF53\uFF46\uFF57 cat"]) {
      const refused = harness.imagine({ prompt }, { userId: person });
      expect(await harness.privateAnswer(refused)).toBe(neutralSentence);
    }
    expect(cometapi.requests).toEqual([]);

    // A job that runs to its end afterwards gives a line posted for the refusal time to arrive.
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const accepted = harness.imagine({ prompt: "a calm cat" }, { userId: person });
    await harness.waitUntil(() => hasImage(accepted));
    expect(discord.calls.filter(isChannelPost)).toEqual([]);
    expect(discord.channelMessages(modlogChannelId)).toEqual([]);
    expect(discord.channelMessages(textChannelId).filter((message) => message.ephemeral)).toHaveLength(2);
  });
});

describe("spoilers on Discord", () => {
  const newChannel = "333333333333333333";

  it("posts results and previews as spoilers in the channels the policy file names, and only there", async () => {
    const file = policyFile({ discord: { spoilerChannelIds: [textChannelId] } });
    harness = await startDiscordHarness({ IMAGINE_POLICY_FILE: file });
    const { discord, cometapi } = harness;

    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(behaviour);
    const hidden = harness.imagine({ prompt: "a surprise" });
    await harness.waitUntil(() => fileNames(discord.messageFor(hidden)).length > 0);
    const preview = discord.messageFor(hidden)!;
    expect(preview.content).toMatch(/preview 1\)$/);
    expect(fileNames(preview)).toEqual([expect.stringMatching(/^SPOILER_preview/)]);
    expect(preview.attachments[0]!.bytes).toEqual(png.preview);
    release();
    const final = await harness.untilFinal(hidden);
    expect(fileNames(final)).toEqual(["SPOILER_imagine-1.png"]);
    expect(final.attachments[0]!.bytes).toEqual(png.image1);

    // A thread is judged by its parent channel.
    cometapi.enqueue({ kind: "json", images: [png.image2] });
    const inThread = harness.imagine({ prompt: "in the thread" }, { channelId: guild.threads[0]!.id });
    expect(fileNames(await harness.untilFinal(inThread))).toEqual(["SPOILER_imagine-1.png"]);

    const shown = heldStream([png.preview], [png.image1]);
    cometapi.enqueue(shown.behaviour);
    const elsewhere = harness.imagine({ prompt: "no surprise" }, { channelId: newChannel });
    await harness.waitUntil(() => fileNames(discord.messageFor(elsewhere)).length > 0);
    expect(fileNames(discord.messageFor(elsewhere))).toEqual([expect.stringMatching(/^preview/)]);
    shown.release();
    expect(fileNames(await harness.untilFinal(elsewhere))).toEqual(["imagine-1.png"]);
  });

  it("posts no spoilers without a policy that asks for them", async () => {
    harness = await startDiscordHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const token = harness.imagine({ prompt: "plain" });
    expect(fileNames(await harness.untilFinal(token))).toEqual(["imagine-1.png"]);
  });
});
