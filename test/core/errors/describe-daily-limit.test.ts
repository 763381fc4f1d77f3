import { describe, expect, it } from "vitest";
import { describeDailyLimit } from "../../../src/core/errors/describe-daily-limit.ts";

const you = { has: "You have", reached: "You have reached your" };
const resetsIn = 3 * 3600 + 12 * 60 + 30;

describe("the daily-limit sentence", () => {
  it("says how many images are left and what to ask for", () => {
    expect(describeDailyLimit(you, { limit: 2, remaining: 2, retryAfterSeconds: resetsIn })).toBe(
      "You have 2 images left today: ask for 2 or fewer.",
    );
    expect(describeDailyLimit(you, { limit: 5, remaining: 1, retryAfterSeconds: resetsIn })).toBe(
      "You have 1 image left today: ask for just 1.",
    );
  });

  it("says when the limit resets once nothing is left", () => {
    expect(describeDailyLimit(you, { limit: 2, remaining: 0, retryAfterSeconds: resetsIn })).toBe(
      "You have reached your daily limit of 2 images. It resets at 00:00 UTC (in 3 h 13 min).",
    );
  });
});
