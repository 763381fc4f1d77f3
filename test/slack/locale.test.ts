import { afterEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/core/jobs/job-record.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { untilStatus } from "../support/job-rows.ts";
import {
  alice,
  bob,
  buttonsIn,
  channel,
  gate,
  hasImages,
  png,
  startHarness,
  withButtons,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Mentions the bot as `user` and waits until the job's images and last word are in its thread. */
async function askAndWait(h: Harness, text: string, user = alice): Promise<JobRecord> {
  const ts = await h.mention(text, { user });
  await h.waitForThread(channel, ts, (messages) => hasImages(messages) && withButtons(messages).length === 1);
  const [job] = await h.store.recentJobs("slack", user, 1);
  return untilStatus(h.store, job!.id, "done");
}

const usersInfoCalls = (h: Harness) => h.slack.calls.filter((call) => call.method === "users.info");

describe("the language a Slack member is answered in", () => {
  it("is their Slack locale, asked of users.info once and recorded on each of their jobs", async () => {
    harness = await startHarness({ locales: { [alice]: "ja-JP" } });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

    const first = await askAndWait(harness, "a lighthouse");
    const second = await askAndWait(harness, "a harbour");

    expect(first.messageRefs["locale"]).toBe("ja");
    expect(second.messageRefs["locale"]).toBe("ja");
    expect(usersInfoCalls(harness).map((call) => call.args)).toEqual([
      expect.objectContaining({ user: alice, include_locale: "true" }),
    ]);
  });

  it("is the clicker's for the job a button starts", async () => {
    harness = await startHarness({ locales: { [alice]: "de-DE", [bob]: "ja-JP" } });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const asked = await askAndWait(harness, "a red kite");
    const thread = harness.slack.messagesIn(channel, asked.messageRefs["threadTs"]);

    await harness.click(withButtons(thread)[0]!, "reroll", bob);
    await harness.slack.waitUntil(
      () =>
        harness!.slack.messagesIn(channel, asked.messageRefs["threadTs"]).filter((m) => m.files).length === 2,
      "Bob's reroll to post its image",
    );
    const [rerolled] = await harness.store.recentJobs("slack", bob, 1);

    expect(asked.messageRefs["locale"]).toBe("de");
    expect(rerolled!.messageRefs["locale"]).toBe("ja");
  });

  it("is English when users.info fails, and the request is answered all the same", async () => {
    harness = await startHarness({ locales: { [alice]: "ja-JP" } });
    harness.slack.failNext("users.info", { error: "missing_scope" });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });

    const failed = await askAndWait(harness, "a lighthouse");
    // A failure is not kept: the next request asks again, and Slack answers this time.
    const next = await askAndWait(harness, "a harbour");

    expect(failed.messageRefs["locale"]).toBe("en");
    expect(failed.status).toBe("done");
    expect(next.messageRefs["locale"]).toBe("ja");
    expect(usersInfoCalls(harness)).toHaveLength(2);
    expect(harness.log.records()).toContainEqual(
      expect.objectContaining({ level: 40, userId: alice, slackError: "missing_scope" }),
    );
  });

  it("is English when users.info does not answer in time, without holding the request up", async () => {
    harness = await startHarness({
      locales: { [alice]: "ja-JP" },
      adapter: { localeWaitMs: 100, closeGraceMs: 50 },
    });
    harness.slack.failNext("users.info", { error: "ratelimited", hang: true });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });

    const job = await askAndWait(harness, "a lighthouse");

    expect(job.messageRefs["locale"]).toBe("en");
    expect(harness.slack.heldRequests()).toBe(1);
  });
});

describe("a Slack member whose locale is ja-JP", () => {
  it("sees the progress, the result's buttons and a cooldown refusal in Japanese", async () => {
    harness = await startHarness({
      locales: { [alice]: "ja-JP" },
      env: { IMAGINE_COOLDOWN_SECONDS: "60" },
      now: () => middayUtc,
    });
    const final = gate();
    harness.cometapi.enqueue({
      kind: "stream",
      partials: [],
      images: [png.image1],
      holdBeforeFinal: final.opened,
    });

    const ts = await harness.mention("a lighthouse");
    // The image service holds the image back: the placeholder in the thread says it is drawing.
    await harness.waitForThread(channel, ts, (messages) =>
      messages.some((message) => message.text === ":art: 画像を1枚描いています…"),
    );
    for (const text of harness.placeholderHistory(channel, ts)) {
      expect([":hourglass_flowing_sand: 準備しています…", ":art: 画像を1枚描いています…"]).toContain(text);
    }

    // Asking again while it is drawing: the cooldown, privately and in Japanese.
    await harness.mention("a harbour");
    await harness.slack.waitForCall(
      (call) => call.method === "chat.postEphemeral" && call.args["user"] === alice,
    );
    expect(harness.slack.ephemeralsFor(channel, alice).map((message) => message.text)).toEqual([
      "あと60秒で再び画像を作成できます。",
    ]);

    final.open();
    const thread = await harness.waitForThread(
      channel,
      ts,
      (messages) => hasImages(messages) && withButtons(messages).length === 1,
    );
    expect(harness.placeholderHistory(channel, ts).at(-1)).toBe(
      ":white_check_mark: 0.0秒で完了しました。画像（1枚）は下にあります。",
    );
    expect(thread.find((message) => message.files?.length)?.text).toBe(
      "「a lighthouse」\n1024x1024 · gpt-image-1 · 0.0秒",
    );
    expect(buttonsIn(withButtons(thread)[0]).map((button) => button.label)).toEqual([
      "🔁 再生成",
      "✏️ バリエーション",
      "🔍 拡大",
      "🗑️ 削除",
    ]);
    expect(harness.cometapi.requests).toHaveLength(1);
  });
});
