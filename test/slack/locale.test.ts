import { afterEach, describe, expect, it } from "vitest";
import type { JobRecord } from "../../src/core/jobs/job-record.ts";
import { untilStatus } from "../support/job-rows.ts";
import { alice, bob, channel, hasImages, png, startHarness, withButtons, type Harness } from "./harness.ts";

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
