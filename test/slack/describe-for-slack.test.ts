import { describe, expect, it } from "vitest";
import { ImagineError } from "../../src/core/errors/errors.ts";
import { describeForSlack } from "../../src/slack/render/describe-for-slack.ts";
import { english } from "../../src/core/i18n/messages.ts";

describe("error sentences on Slack", () => {
  it("points at the allowed channels as links", () => {
    expect(
      describeForSlack(new ImagineError("not_allowed_channel", { allowedIds: ["C1", "C2"] }), english),
    ).toBe("Images can't be made in this channel. Try <#C1>, <#C2>.");
  });

  it("speaks of user groups and workspaces", () => {
    expect(describeForSlack(new ImagineError("not_allowed_role", { deniedIds: ["S9"] }), english)).toBe(
      "One of your user groups may not make images here.",
    );
    expect(describeForSlack(new ImagineError("not_allowed_role", { allowedIds: ["S1"] }), english)).toBe(
      "You are not in a user group that may make images here.",
    );
    expect(describeForSlack(new ImagineError("not_allowed_guild"), english)).toBe(
      "This bot is not enabled on this workspace.",
    );
    const none = new ImagineError("workspace_daily_limit", { limit: 1, remaining: 0, retryAfterSeconds: 59 });
    expect(describeForSlack(none, english)).toBe(
      "This workspace has reached its daily limit of 1 image. It resets at 00:00 UTC (in 59 s).",
    );
  });

  it("says the same as Discord where no platform word is involved", () => {
    expect(describeForSlack(new ImagineError("daily_limit", { limit: 5, remaining: 1 }), english)).toBe(
      "You have 1 image left today: ask for just 1.",
    );
    expect(describeForSlack(new ImagineError("timeout"), english)).toBe(
      "The image took too long to make and was given up. Please try again.",
    );
  });
});
