import { afterEach, describe, expect, it } from "vitest";
import { messagesFor } from "../../src/core/i18n/messages.ts";
import type { JobRecord } from "../../src/core/jobs/job-record.ts";
import type { FakeMessage } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { guild, png, startDiscordHarness, textChannelId, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const requester = "800000000000000041";
const restarted = "⚠️ The bot restarted before your image was finished. Press Retry to make it again.";

/** The reply's progress ticker never moves during a test: only closeInterrupted edits the reply. */
const stillTicker = { tickMs: 3_600_000 };

/**
 * A bot whose `/imagine` is under way (its reply deferred, its image held back) on the test clock;
 * answers the job's row, as a restart would find it, and the interaction's token.
 */
async function jobUnderWay(clock: () => number): Promise<{ job: JobRecord; token: string }> {
  harness = await startDiscordHarness({}, stillTicker, { now: clock });
  harness.cometapi.enqueue(heldStream([], [png.image1]).behaviour);
  const token = harness.imagine({ prompt: "a lighthouse @everyone" }, { userId: requester });
  await harness.cometapi.waitForRequests(1);
  const [job] = await harness.store.recentJobs("discord", requester, 1);
  expect(job?.messageRefs).toEqual({
    applicationId: harness.discord.applicationId,
    token,
    interactionAt: String(middayUtc),
    // Discord's cap without boosts, which the fake gateway's interactions report.
    uploadCapBytes: String(10 * 1024 * 1024),
    locale: "en",
  });
  expect(harness.discord.messageFor(token)?.loading).toBe(true);
  return { job: job!, token };
}

const closeInterrupted = (job: JobRecord) => harness!.bot.adapters[0]!.closeInterrupted(job);

const buttonsOf = (message: FakeMessage) =>
  message.buttons.map(({ label, customId }) => ({ label, customId }));

describe("closing a Discord job a restart interrupted", () => {
  it("edits the reply to say the bot restarted, with Retry, while the interaction's token lives", async () => {
    let now = middayUtc;
    const { job, token } = await jobUnderWay(() => now);
    now += 10 * 60_000;
    await closeInterrupted(job);

    const reply = harness!.discord.messageFor(token)!;
    expect(reply).toMatchObject({ content: restarted, loading: false, allowedMentions: { parse: [] } });
    expect(buttonsOf(reply)).toEqual([
      { label: expect.stringContaining("Retry") as string, customId: `imagine:retry:${job.id}` },
    ]);
    expect(harness!.discord.channelMessages(textChannelId).map((message) => message.id)).toEqual([reply.id]);

    // Retry on it makes the image again, for the person who asked.
    harness!.cometapi.enqueue({ kind: "json", images: [png.image2] });
    const again = await harness!.untilFinal(harness!.click(reply, "retry", { userId: requester }));
    expect(again.attachments.map((attachment) => attachment.bytes)).toEqual([png.image2]);
    expect(harness!.cometapi.requests[1]?.body).toMatchObject({ prompt: "a lighthouse @everyone" });
  });

  it("speaks the language recorded with the job, not the bot's", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, stillTicker, { now: () => now });
    harness.cometapi.enqueue(heldStream([], [png.image1]).behaviour);
    const token = harness.imagine({ prompt: "a lighthouse" }, { userId: requester, locale: "de" });
    await harness.cometapi.waitForRequests(1);
    const [job] = await harness.store.recentJobs("discord", requester, 1);
    expect(job?.messageRefs.locale).toBe("de");
    now += 60_000;
    await closeInterrupted(job!);

    const german = messagesFor("de");
    const reply = harness.discord.messageFor(token)!;
    expect(reply.content).toBe(`⚠️ ${german.t("core:errors.interrupted")}`);
    expect(reply.buttons.map((button) => button.label)).toEqual([german.t("discord:buttons.retry")]);
  });

  it("takes the preview the reply was showing off it", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, stillTicker, { now: () => now });
    harness.cometapi.enqueue(heldStream([png.preview], [png.image1]).behaviour);
    const token = harness.imagine({ prompt: "a lighthouse" }, { userId: requester });
    await harness.waitUntil(() => (harness!.discord.messageFor(token)?.attachments.length ?? 0) > 0);
    const [job] = await harness.store.recentJobs("discord", requester, 1);
    now += 60_000;
    await closeInterrupted(job!);

    expect(harness.discord.messageFor(token)).toMatchObject({ content: restarted, attachments: [] });
  });

  it("posts in the channel, mentioning only the requester, once the token has outlived its 15 minutes", async () => {
    let now = middayUtc;
    const { job, token } = await jobUnderWay(() => now);
    now += 15 * 60_000;
    await closeInterrupted(job);

    const reply = harness!.discord.messageFor(token)!;
    const others = harness!.discord
      .channelMessages(textChannelId)
      .filter((message) => message.id !== reply.id);
    expect(others).toHaveLength(1);
    const posted = others[0]!;
    expect(posted.content).toBe(`<@${requester}> ${restarted}`);
    expect(posted.allowedMentions).toEqual({ parse: [], users: [requester] });
    expect(buttonsOf(posted)).toEqual([
      { label: expect.stringContaining("Retry") as string, customId: `imagine:retry:${job.id}` },
    ]);
    // The expired reply was left alone.
    expect(reply).toMatchObject({ loading: true, editCount: 0 });
  });

  it("posts in the channel when the process died before its reply was deferred", async () => {
    let now = middayUtc;
    harness = await startDiscordHarness({}, stillTicker, { now: () => now });
    // An interaction the bot never answered, as one whose process ended straight after taking it.
    const { token } = harness.discord.sendInteraction({ commandName: "retired-command", userId: requester });
    now += 60_000;
    const job: JobRecord = {
      id: "00000000-0000-4000-8000-000000000041",
      platform: "discord",
      workspaceId: guild.id,
      channelId: textChannelId,
      userId: requester,
      request: {
        prompt: "a lighthouse",
        model: "gpt-image-1",
        size: "1024x1024",
        count: 1,
        outputFormat: "png",
      },
      status: "interrupted",
      createdAt: middayUtc,
      updatedAt: now,
      messageRefs: {
        applicationId: harness.discord.applicationId,
        token,
        interactionAt: String(middayUtc),
      },
      imageRefs: [],
    };
    await closeInterrupted(job);

    const [posted] = harness.discord.channelMessages(textChannelId);
    expect(posted?.content).toBe(`<@${requester}> ${restarted}`);
    expect(posted?.allowedMentions).toEqual({ parse: [], users: [requester] });
    expect(posted?.buttons.map((button) => button.customId)).toEqual([`imagine:retry:${job.id}`]);
  });
});
