import { describe, expect, it } from "vitest";
import { formatWait } from "../../src/kit/format-wait.ts";

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
