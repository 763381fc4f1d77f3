import { afterEach, describe, expect, it, vi } from "vitest";
import {
  alice,
  channel,
  hasImages,
  hasLastWord,
  png,
  resultUploads,
  startHarness,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("the /imagine slash command", () => {
  it("acks at once, names who asked in the channel and answers in that message's thread", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "stream", partials: [png.preview1], images: [png.image1] });

    const { ack } = await slack.sendSlashCommand({
      command: "/imagine",
      text: "a fox &amp; &lt;!here&gt; --quality low",
      userId: alice,
      channelId: channel,
    });
    const thread = await harness.waitForSlashCommandThread(
      channel,
      (messages) => hasImages(messages) && hasLastWord(messages),
    );

    expect(ack ?? {}).toEqual({});
    expect(cometapi.requests[0]?.body).toMatchObject({ prompt: "a fox & <!here>", quality: "low" });
    expect(thread.map((message) => message.text)).toEqual([
      `<@${alice}> asked for an image: “a fox &amp; &lt;!here&gt;”`,
      expect.stringMatching(/^:white_check_mark: Done in/),
      expect.stringMatching(/^“a fox &amp; &lt;!here&gt;”\n1024x1024 · gpt-image-1 · low quality · /),
    ]);
    expect(resultUploads(slack).map((upload) => upload.bytes)).toEqual([png.image1]);
  });

  it("refuses privately through response_url when the bot is not in the channel", async () => {
    harness = await startHarness();
    const { slack, cometapi, bot } = harness;
    cometapi.enqueue({ kind: "stall", as: "no-response" });
    slack.failNext("chat.postMessage", { error: "not_in_channel" });
    slack.failNext("chat.postEphemeral", { error: "not_in_channel" });

    await slack.sendSlashCommand({ command: "/imagine", text: "a fox", userId: alice, channelId: channel });
    await slack.waitForCall((call) => call.method === "response_url");

    expect(slack.ephemeralsFor(channel, alice).map((message) => message.text)).toEqual([
      "I can't answer here: I'm not a member of this channel (invite me with /invite, then ask again).",
    ]);
    expect(slack.messagesIn(channel)).toEqual([]);
    // The job had nowhere to go, so it was stopped rather than left to spend the budget.
    await vi.waitFor(() => expect(bot.imagine.stats().totals.cancelled).toBe(1), { timeout: 5_000 });
    expect(slack.uploads).toEqual([]);
  });
});
