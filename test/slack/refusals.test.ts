import { afterEach, describe, expect, it } from "vitest";
import { alice, bob, channel, dmChannel, hasImages, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Resolves with the private answers `user` got in `channelId` once there is one. */
async function ephemeralsOnceSent(h: Harness, channelId: string, user: string): Promise<string[]> {
  await h.slack.waitForCall(
    (call) =>
      call.method === "chat.postEphemeral" &&
      call.args["user"] === user &&
      call.args["channel"] === channelId,
  );
  return h.slack.ephemeralsFor(channelId, user).map((message) => message.text);
}

/** Nothing was generated and nothing was posted for everyone to see. */
function expectNothingVisible(h: Harness, channelId: string): void {
  expect(h.cometapi.requests).toHaveLength(0);
  expect(h.slack.messagesIn(channelId)).toEqual([]);
  expect(h.slack.uploads).toEqual([]);
}

describe("requests the bot refuses, privately and without generating", () => {
  it("refuses bad flags with the sentence from the flag parser", async () => {
    harness = await startHarness();
    await harness.mention("a cat --style vivid");

    expect(await ephemeralsOnceSent(harness, channel, alice)).toEqual([
      "Unknown flag --style. Valid flags: --size WxH, --n COUNT, --quality LEVEL, --model NAME.",
    ]);
    expectNothingVisible(harness, channel);
  });

  it("refuses a request the core finds invalid (an empty prompt, a size the model lacks)", async () => {
    harness = await startHarness();
    await harness.mention("");
    await ephemeralsOnceSent(harness, channel, alice);
    await harness.mention("a cat --size 999x999");
    await harness.slack.waitForCall(
      (call) => call.method === "chat.postEphemeral" && String(call.args["text"]).startsWith("Size"),
    );

    expect(harness.slack.ephemeralsFor(channel, alice).map((message) => message.text)).toEqual([
      "Write a prompt describing the image you want.",
      'Size "999x999" is not available for gpt-image-1. Use 1024x1024, 1536x1024, 1024x1536, auto.',
    ]);
    expectNothingVisible(harness, channel);
  });

  it("refuses a channel outside SLACK_ALLOWED_CHANNEL_IDS and names the allowed ones", async () => {
    harness = await startHarness({ env: { SLACK_ALLOWED_CHANNEL_IDS: "C0ALLOWED1,C0ALLOWED2" } });
    await harness.mention("a cat");

    expect(await ephemeralsOnceSent(harness, channel, alice)).toEqual([
      "Images can't be made in this channel. Try <#C0ALLOWED1>, <#C0ALLOWED2>.",
    ]);
    expectNothingVisible(harness, channel);
  });

  it("refuses someone outside SLACK_ALLOWED_USERGROUP_IDS and serves a member", async () => {
    harness = await startHarness({
      env: { SLACK_ALLOWED_USERGROUP_IDS: "S0ARTISTS1" },
      usergroups: { S0ARTISTS1: [alice] },
    });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    await harness.mention("a cat", { user: bob });
    expect(await ephemeralsOnceSent(harness, channel, bob)).toEqual([
      "You are not in a user group that may make images here.",
    ]);
    expectNothingVisible(harness, channel);

    const ts = await harness.mention("a dog", { user: alice });
    await harness.waitForThread(channel, ts, hasImages);
    expect(harness.cometapi.requests).toHaveLength(1);
    // Both answers came from one cached look-up of the group.
    expect(harness.slack.calls.filter((call) => call.method === "usergroups.users.list")).toHaveLength(1);
  });

  it("refuses a direct message unless SLACK_ALLOW_DMS is set", async () => {
    harness = await startHarness();
    await harness.slack.sendEvent({
      type: "message",
      channel_type: "im",
      channel: dmChannel,
      user: alice,
      text: "a cat",
      ts: harness.slack.newTs(),
    });

    expect(await ephemeralsOnceSent(harness, dmChannel, alice)).toEqual([
      "Images can't be made in direct messages; ask in a channel instead.",
    ]);
    expectNothingVisible(harness, dmChannel);
  });

  it("asks Slack who is an admin when admins skip limits, and holds others to the cooldown", async () => {
    harness = await startHarness({
      env: { IMAGINE_ADMINS_BYPASS_LIMITS: "true", IMAGINE_COOLDOWN_SECONDS: "60" },
    });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const ts = await harness.mention("a cat");
    await harness.waitForThread(channel, ts, hasImages);
    await harness.mention("another cat");

    expect(await ephemeralsOnceSent(harness, channel, alice)).toEqual([
      expect.stringMatching(/^You can imagine again in (59|60) s\.$/),
    ]);
    expect(harness.cometapi.requests).toHaveLength(1);
    // One look-up, cached for the second request.
    expect(harness.slack.calls.filter((call) => call.method === "users.info")).toHaveLength(1);
  });
});
