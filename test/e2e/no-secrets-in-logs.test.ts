import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultQuota } from "../fakes/cometapi/index.ts";
import {
  startDiscordHarness,
  cometApiKey as discordCometKey,
  png as discordPng,
} from "../discord/harness.ts";
import {
  channel,
  cometApiKey as slackCometKey,
  hasImages,
  hasLastWord,
  png as slackPng,
  signingSecret,
  startHarness,
} from "../slack/harness.ts";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Every log line must be free of every secret, whole or inside an error, a URL or a header. */
function expectNoSecrets(lines: readonly string[], secrets: readonly string[]) {
  expect(lines.length).toBeGreaterThan(5);
  for (const secret of secrets) {
    const leaks = lines.filter((line) => line.includes(secret));
    expect(leaks, `a log line holds a secret`).toEqual([]);
  }
}

describe("no key or token ever reaches a log line", () => {
  it("across a Discord run with successes and failures", async () => {
    const harness = await startDiscordHarness({ LOG_LEVEL: "trace", COMETAPI_MAX_RETRIES: "1" });
    stops.push(() => harness.stop());
    const { cometapi, discord } = harness;
    cometapi.enqueue(
      { kind: "stream", partials: [discordPng.preview], images: [discordPng.image1] },
      { kind: "error", status: 401, message: `Invalid token ${discordCometKey}` },
      { kind: "json", images: [discordPng.image2] },
    );
    const ok = harness.imagine({ prompt: "fine" });
    await harness.waitUntil(
      () => (discord.messageFor(ok)?.attachments[0]?.filename ?? "") === "imagine-1.png",
    );
    const refused = harness.imagine({ prompt: "key refused" });
    await harness.waitUntil(() => discord.messageFor(refused)?.content.startsWith("⚠️") ?? false);
    const expired = harness.imagine({ prompt: "late" });
    discord.expireInteraction(expired);
    await harness.waitUntil(() => discord.channelMessages(discord.guilds[0]!.channels[0]!.id).length > 0);
    await harness.bot.stop();
    expectNoSecrets(harness.log.lines, [discordCometKey, discord.token]);
  });

  it("across a Slack run with successes, failures and forged requests", async () => {
    const harness = await startHarness({ mode: "http" });
    stops.push(() => harness.stop());
    const { cometapi, slack } = harness;
    cometapi.enqueue({ kind: "json", images: [slackPng.image1] }, { kind: "error", status: 401 });
    const ts = await postMention(harness.bot.http.port, slack, "fine");
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    const failed = await postMention(harness.bot.http.port, slack, "key refused");
    await harness.waitForThread(channel, failed, (messages) =>
      messages.some((m) => m.text.includes("refused the bot's key")),
    );
    await postMention(harness.bot.http.port, slack, "forged", { forge: true });
    await harness.bot.stop();
    expectNoSecrets(harness.log.lines, [slackCometKey, slack.botToken, signingSecret]);
  });
});

describe("the balance query key never reaches a log line", () => {
  it("across reads refused, unreadable and low", async () => {
    // Characters URL-encoding changes: neither the key nor its encoded form may show. The harness
    // scrubs only its own secrets, so nothing hides this key if the bot ever logs it.
    const quotaKey = "sk-quota/only key+1&é";
    const harness = await startDiscordHarness({
      LOG_LEVEL: "trace",
      COMETAPI_QUOTA_KEY: quotaKey,
      IMAGINE_LOW_BALANCE_USD: "5000",
    });
    stops.push(() => harness.stop());
    const { cometapi, log } = harness;
    const failed = (record: Record<string, unknown>) =>
      String(record["msg"]).startsWith("could not read CometAPI's balance");
    // Refused, with an answer that repeats the key; then not a balance; then a low one.
    cometapi.quota = 401;
    await harness.restart();
    await log.waitForRecord(failed);
    cometapi.quota = "not a balance";
    await harness.restart();
    await vi.waitFor(() => expect(log.records().filter(failed)).toHaveLength(2));
    cometapi.quota = { ...defaultQuota, total_quota: 12.5 };
    await harness.restart();
    await log.waitForRecord((record) => record["balanceUsd"] === 12.5 && record.level === 40);
    await harness.bot.stop();

    expect(cometapi.quotaReads.length).toBeGreaterThanOrEqual(3);
    expect(cometapi.quotaReads.every((read) => read.key === quotaKey)).toBe(true);
    expectNoSecrets(log.lines, [quotaKey, encodeURIComponent(quotaKey)]);
  });
});

async function postMention(
  port: number,
  slack: Awaited<ReturnType<typeof startHarness>>["slack"],
  text: string,
  options: { forge?: boolean } = {},
): Promise<string> {
  const ts = slack.newTs();
  const body = slack.eventCallback({
    type: "app_mention",
    user: "U0SECRET01",
    text: `<@${slack.botUserId}> ${text}`,
    channel,
    ts,
  });
  const request = slack.signedEventRequest(body, { signingSecret, forgeSignature: options.forge ?? false });
  await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  return ts;
}
