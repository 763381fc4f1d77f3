import { describe, expect, it } from "vitest";
import { describeDailyLimit } from "../../../src/core/errors/describe-daily-limit.ts";
import { english } from "../../../src/core/i18n/messages.ts";

const resetsIn = 3 * 3600 + 12 * 60 + 30;

describe("the daily-limit sentence", () => {
  it("says how many images are left and what to ask for", () => {
    expect(describeDailyLimit("you", { limit: 2, remaining: 2, retryAfterSeconds: resetsIn }, english)).toBe(
      "You have 2 images left today: ask for 2 or fewer.",
    );
    expect(describeDailyLimit("you", { limit: 5, remaining: 1, retryAfterSeconds: resetsIn }, english)).toBe(
      "You have 1 image left today: ask for just 1.",
    );
  });

  it("says when the limit resets once nothing is left", () => {
    expect(describeDailyLimit("you", { limit: 2, remaining: 0, retryAfterSeconds: resetsIn }, english)).toBe(
      "You have reached your daily limit of 2 images. It resets at 00:00 UTC (in 3 h 13 min).",
    );
    expect(describeDailyLimit("discord", { limit: 1, remaining: 0 }, english)).toBe(
      "This server has reached its daily limit of 1 image. It resets at 00:00 UTC.",
    );
  });

  it.each([
    [0.2, "1 s"],
    [42, "42 s"],
    [60, "1 min"],
    [61, "2 min"],
    [3600, "1 h"],
    [3601, "1 h 1 min"],
    [86_400, "24 h"],
  ])("says a reset %d s away as %s, rounded up", (seconds, shown) => {
    expect(describeDailyLimit("you", { limit: 2, remaining: 0, retryAfterSeconds: seconds }, english)).toBe(
      `You have reached your daily limit of 2 images. It resets at 00:00 UTC (in ${shown}).`,
    );
  });
});
