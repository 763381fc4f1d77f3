import { afterEach, describe, expect, it } from "vitest";
import { middayUtc } from "../support/fixed-clock.ts";
import { alice, bob, channel, hasImages, png, startHarness, type Harness } from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("the Slack adapter on the bot's clock", () => {
  it("trusts a user group's members for five minutes of the bot's clock, then asks Slack again", async () => {
    let now = middayUtc;
    const artists = [alice];
    harness = await startHarness({
      env: { SLACK_ALLOWED_USERGROUP_IDS: "S0ARTISTS1" },
      usergroups: { S0ARTISTS1: artists },
      now: () => now,
    });
    const { slack, cometapi } = harness;
    const refusals = () => slack.ephemeralsFor(channel, bob).length;
    const lookups = () => slack.calls.filter((call) => call.method === "usergroups.users.list").length;
    cometapi.enqueue({ kind: "json", images: [png.image1] });

    await harness.mention("a cat", { user: bob });
    await slack.waitUntil(() => refusals() === 1, "bob's first refusal");
    // Bob joins the group in Slack; the bot still goes by the members it read.
    artists.push(bob);
    now += 5 * 60_000 - 1;
    await harness.mention("a cat", { user: bob });
    await slack.waitUntil(() => refusals() === 2, "bob's second refusal");
    expect(lookups()).toBe(1);

    now += 1;
    const ts = await harness.mention("a cat", { user: bob });
    await harness.waitForThread(channel, ts, hasImages);
    expect(lookups()).toBe(2);
    expect(cometapi.requests).toHaveLength(1);
  });
});
