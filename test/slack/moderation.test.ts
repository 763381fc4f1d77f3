import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage, RecordedCall } from "../fakes/slack/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { alice, channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const modlogChannel = "C0MODLOG01";
const blockedTerms = "nsfw,/dr[a@]gon/";
const neutralSentence = "This prompt can't be used here. Try something else.";

const isPost = (call: RecordedCall) => call.method === "chat.postMessage";

/** Resolves with the private answers `alice` got in the channel once there are `count`. */
async function privateAnswers(count: number): Promise<string[]> {
  const answers = () => harness!.slack.ephemeralsFor(channel, alice).map((message) => message.text);
  await harness!.slack.waitUntil(() => answers().length >= count, `${count} private answer(s) to alice`);
  return answers();
}

/** The mod-log channel once it holds `count` lines. */
async function modlogLines(count: number): Promise<FakeMessage[]> {
  const lines = () => harness!.slack.messagesIn(modlogChannel);
  await harness!.slack.waitUntil(() => lines().length >= count, `${count} line(s) in the mod-log channel`);
  return lines();
}

describe("blocked terms on Slack", () => {
  it("refuses a term hidden by a zero-width space privately, logs it for moderators pinging nobody, and charges nothing", async () => {
    harness = await startHarness({
      env: {
        IMAGINE_BLOCKED_TERMS: blockedTerms,
        SLACK_MODLOG_CHANNEL_ID: modlogChannel,
        IMAGINE_DAILY_LIMIT_PER_USER: "1",
      },
      // Quotas are counted on a fixed midday, so a run across 00:00 UTC does not reset one mid-test.
      now: () => middayUtc,
    });
    const { slack, cometapi } = harness;

    await harness.mention("a n\u200Bsfw cat <!channel> <@U0MALLORY1> & <http://evil.example|click>");
    const [answer] = await privateAnswers(1);
    expect(answer).toBe(neutralSentence);
    expect(answer!.toLowerCase()).not.toContain("nsfw");
    expect(cometapi.requests).toEqual([]);
    expect(slack.messagesIn(channel)).toEqual([]);

    // The prompt as the bot read it (zero-width characters dropped), escaped so it pings and links nothing.
    const [line] = await modlogLines(1);
    expect(line!.text).toBe(
      `:shield: Refused a prompt from <@${alice}> in <#${channel}> (blocked term “nsfw”): ` +
        "“a nsfw cat &lt;!channel&gt; &lt;@U0MALLORY1&gt; &amp; &lt;http://evil.example|click&gt;”",
    );
    expect(line!.text).not.toMatch(/<!|<@U0MALLORY1|<http/);

    // The refusal took nothing from the day's single image: the next prompt is made.
    cometapi.fallback = { kind: "json", images: [png.image1] };
    const ts = await harness.mention("a calm cat");
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
    // …and that one was counted: the limit is in force.
    await harness.mention("another cat");
    expect((await privateAnswers(2))[1]).toMatch(/^You have reached your daily limit of 1 image\./);
    expect(cometapi.requests).toHaveLength(1);

    // One line in all; every other post belongs to the accepted job's thread.
    expect(slack.messagesIn(modlogChannel)).toHaveLength(1);
    expect(slack.calls.filter(isPost).filter((call) => call.args["channel"] !== channel)).toHaveLength(1);
  });

  it("refuses a /imagine a /regex/ term matches without announcing it in the channel", async () => {
    harness = await startHarness({
      env: { IMAGINE_BLOCKED_TERMS: blockedTerms, SLACK_MODLOG_CHANNEL_ID: modlogChannel },
    });
    const { slack, cometapi } = harness;
    await slack.sendSlashCommand({
      command: "/imagine",
      text: "a DR@GON over &lt;!here&gt;",
      userId: alice,
      channelId: channel,
    });
    const [answer] = await privateAnswers(1);
    expect(answer).toBe(neutralSentence);
    expect(answer).not.toMatch(/dr\[?a/i);

    const [line] = await modlogLines(1);
    expect(line!.text).toBe(
      `:shield: Refused a prompt from <@${alice}> in <#${channel}> (blocked term “/dr[a@]gon/”): ` +
        "“a DR@GON over &lt;!here&gt;”",
    );
    expect(cometapi.requests).toEqual([]);
    // No announcement of who asked for what: the prompt is seen by moderators only.
    expect(slack.messagesIn(channel)).toEqual([]);
  });

  it("logs CometAPI's content-policy refusal for moderators too", async () => {
    harness = await startHarness({
      env: { IMAGINE_BLOCKED_TERMS: blockedTerms, SLACK_MODLOG_CHANNEL_ID: modlogChannel },
    });
    harness.cometapi.enqueue({
      kind: "error",
      status: 400,
      code: "moderation_blocked",
      message: "Your request was rejected by the safety system.",
    });
    const ts = await harness.mention("something <!here> the filter dislikes");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);
    expect(thread.map((message) => message.text)).toEqual([
      ":warning: The image service refused this prompt under its content policy. Try rewording it.",
    ]);
    expect(harness.cometapi.requests).toHaveLength(1);

    const [line] = await modlogLines(1);
    expect(line!.text).toBe(
      `:shield: Refused a prompt from <@${alice}> in <#${channel}> (CometAPI's content policy): ` +
        "“something &lt;!here&gt; the filter dislikes”",
    );
  });

  it("takes the mod-log channel from the policy file", async () => {
    const file = join(makeTempDir("moderation"), "policy.yml");
    writeFileSync(file, `slack:\n  modlogChannelId: ${modlogChannel}\nmoderation:\n  blocked: [gore]\n`);
    harness = await startHarness({ env: { IMAGINE_POLICY_FILE: file } });
    await harness.mention("some Gore, please");
    expect(await privateAnswers(1)).toEqual([neutralSentence]);
    const [line] = await modlogLines(1);
    expect(line!.text).toBe(
      `:shield: Refused a prompt from <@${alice}> in <#${channel}> (blocked term “gore”): “some Gore, please”`,
    );
  });

  it("still refuses a blocked prompt without a mod-log channel, and posts it nowhere", async () => {
    harness = await startHarness({ env: { IMAGINE_BLOCKED_TERMS: blockedTerms } });
    const { slack, cometapi } = harness;
    // Hidden characters and look-alike letters (a soft hyphen, full-width letters) hide no term.
    await harness.mention("a n\u200Bsfw cat");
    await harness.mention("a \uFF4E\u00AD\uFF53\uFF46\uFF57 cat");
    expect(await privateAnswers(2)).toEqual([neutralSentence, neutralSentence]);
    expect(cometapi.requests).toEqual([]);

    // A job that runs to its end afterwards gives a line posted for the refusals time to arrive.
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const ts = await harness.mention("a calm cat");
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    // Every post went to the accepted job's thread.
    const posts = slack.calls.filter(isPost);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.filter((call) => call.args["channel"] !== channel || call.args["thread_ts"] !== ts)).toEqual(
      [],
    );
  });
});
