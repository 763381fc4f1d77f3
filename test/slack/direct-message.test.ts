import { afterEach, describe, expect, it } from "vitest";
import { alice, dmChannel, hasImages, hasLastWord, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("direct messages to the bot", () => {
  it("treats a DM as a prompt when SLACK_ALLOW_DMS is set, and ignores edits and the bot's own posts", async () => {
    harness = await startHarness({ env: { SLACK_ALLOW_DMS: "true" } });
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });

    await slack.sendEvent({
      type: "message",
      channel_type: "im",
      channel: dmChannel,
      user: slack.botUserId,
      bot_id: slack.botId,
      text: "an earlier answer",
      ts: slack.newTs(),
    });
    await slack.sendEvent({
      type: "message",
      subtype: "message_changed",
      channel_type: "im",
      channel: dmChannel,
      ts: slack.newTs(),
      message: { user: alice, text: "an edit" },
    });
    const ts = slack.newTs();
    await slack.sendEvent({
      type: "message",
      channel_type: "im",
      channel: dmChannel,
      user: alice,
      text: "a cat --n 1",
      ts,
    });
    const thread = await harness.waitForThread(
      dmChannel,
      ts,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );

    expect(cometapi.requests).toHaveLength(1);
    expect(cometapi.requests[0]?.body).toMatchObject({ prompt: "a cat", n: 1 });
    expect(thread).toHaveLength(2);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
  });
});
