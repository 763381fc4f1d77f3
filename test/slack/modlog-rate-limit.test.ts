import { afterEach, expect, it } from "vitest";
import { channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

it("drops a mod-log line Slack rate-limits, and holds nobody's job back for it", async () => {
  harness = await startHarness({
    env: { IMAGINE_BLOCKED_TERMS: "nsfw", SLACK_MODLOG_CHANNEL_ID: "C0MODLOG01" },
  });
  const { slack, cometapi } = harness;
  // Retry-After far past the test's patience: waiting it out anywhere would time the test out.
  slack.failNext("chat.postMessage", { error: "ratelimited", retryAfterSeconds: 600 });
  await harness.mention("an nsfw cat");
  await harness.log.waitForRecord(
    (record) =>
      record["msg"] === "could not post in the mod-log channel; check that the bot may send messages there",
  );

  cometapi.enqueue({ kind: "json", images: [png.image1] });
  const ts = await harness.mention("a cat");
  await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
  expect(
    slack.calls.filter((call) => call.method === "chat.postMessage" && call.status === 429),
  ).toHaveLength(1);
});
