import { describe, expect, it } from "vitest";
import { describeError, formatWait } from "../../../src/core/errors/describe-error.ts";
import { ImagineError } from "../../../src/core/errors/errors.ts";

const resetsIn = 3 * 3600 + 12 * 60 + 30;

describe("the daily-limit sentences", () => {
  it("say how many images are left and what to ask for", () => {
    const error = new ImagineError("daily_limit", { limit: 2, remaining: 2, retryAfterSeconds: resetsIn });
    expect(describeError(error)).toBe("You have 2 images left today: ask for 2 or fewer.");
    const one = new ImagineError("daily_limit", { limit: 5, remaining: 1, retryAfterSeconds: resetsIn });
    expect(describeError(one)).toBe("You have 1 image left today: ask for just 1.");
  });

  it("say when the limit resets once nothing is left", () => {
    const error = new ImagineError("daily_limit", { limit: 2, remaining: 0, retryAfterSeconds: resetsIn });
    expect(describeError(error)).toBe(
      "You have reached your daily limit of 2 images. It resets at 00:00 UTC (in 3 h 13 min).",
    );
  });

  it("speak of the server or the workspace for its shared limit", () => {
    const left = new ImagineError("workspace_daily_limit", {
      limit: 50,
      remaining: 3,
      retryAfterSeconds: 59,
    });
    expect(describeError(left, "discord")).toBe("This server has 3 images left today: ask for 3 or fewer.");
    const none = new ImagineError("workspace_daily_limit", { limit: 1, remaining: 0, retryAfterSeconds: 59 });
    expect(describeError(none, "slack")).toBe(
      "This workspace has reached its daily limit of 1 image. It resets at 00:00 UTC (in 59 s).",
    );
  });
});

describe("formatWait", () => {
  it.each([
    [0.2, "1 s"],
    [42, "42 s"],
    [60, "1 min"],
    [61, "2 min"],
    [3600, "1 h"],
    [3601, "1 h 1 min"],
    [86_400, "24 h"],
  ])("shows %d s as %s", (seconds, shown) => {
    expect(formatWait(seconds)).toBe(shown);
  });
});
