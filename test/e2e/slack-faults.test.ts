import { afterEach, describe, expect, it } from "vitest";
import { channel, hasImages, hasLastWord, png, startHarness, type Harness } from "../slack/harness.ts";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("Slack faults", () => {
  it("waits out a rate-limited upload and the images still land", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    slack.failNext("files.getUploadURLExternal", { error: "ratelimited", retryAfterSeconds: 1 });
    const ts = await harness.mention("a rate-limited upload");
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    const grants = slack.calls.filter((call) => call.method === "files.getUploadURLExternal");
    expect(grants.map((call) => call.status)).toEqual([429, 200]);
    expect(grants[1]!.receivedAt - grants[0]!.receivedAt).toBeGreaterThanOrEqual(990);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
  });

  it("refuses a person on the deny list, privately, without generating", async () => {
    harness = await startHarness({ env: { IMAGINE_DENIED_USER_IDS: "slack:U0DENIED01" } });
    await harness.mention("let me in", { user: "U0DENIED01" });
    await harness.slack.waitForCall((call) => call.method === "chat.postEphemeral");
    expect(harness.slack.ephemeralsFor(channel, "U0DENIED01").map((m) => m.text)).toEqual([
      "You are not allowed to make images with this bot.",
    ]);
    expect(harness.cometapi.requests).toHaveLength(0);
  });
});
