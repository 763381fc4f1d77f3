import { afterEach, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { alice, channel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

it("refuses privately on Slack the image that would cross a daily budget in dollars", async () => {
  harness = await startHarness({
    env: { IMAGINE_DEFAULT_QUALITY: "medium", IMAGINE_BUDGET_PER_USER_DAILY_USD: "0.06" },
    now: () => middayUtc,
  });
  const { slack, cometapi } = harness;
  await harness.log.waitForRecord((record) => record["msg"] === "CometAPI's prices read");
  cometapi.enqueue({ kind: "json", images: [png.image1] });
  const first = await harness.mention("a fox");
  await harness.waitForThread(channel, first, (messages) => hasImages(messages) && hasLastWord(messages));

  await harness.mention("another fox");
  await slack.waitUntil(() => slack.ephemeralsFor(channel, alice).length > 0, "a private refusal");
  expect(slack.ephemeralsFor(channel, alice).map((message) => message.text)).toEqual([
    expect.stringMatching(
      /^This would cost about \$0\.05, and \$0\.0\d+ is left of your daily budget of \$0\.06\. It resets at 00:00 UTC \(in 12 h\)\.$/,
    ),
  ]);
  expect(cometapi.requests).toHaveLength(1);
});
