import { describe, expect, it } from "vitest";
import { clampText } from "../../src/kit/clamp-text.ts";
import { clampContent } from "../../src/discord/render/show-prompt.ts";
import { toSlackText } from "../../src/slack/render/to-slack-text.ts";

describe("clampText", () => {
  it("leaves text within the limit as it is", () => {
    expect(clampText("2K", 40)).toBe("2K");
    expect(clampText("x".repeat(40), 40)).toBe("x".repeat(40));
  });

  it("cuts longer text to the limit, ending with …", () => {
    expect(clampText("x".repeat(6000), 40)).toBe(`${"x".repeat(39)}…`);
    expect(clampText("abc", 1)).toBe("…");
    expect(clampText("abc", 0)).toBe("");
  });

  it("never splits a surrogate pair", () => {
    const clamped = clampText(`${"x".repeat(8)}😀😀`, 10);
    expect(clamped).toBe(`${"x".repeat(8)}…`);
    expect(clamped.length).toBeLessThanOrEqual(10);
    expect(clampText("😀😀😀", 4)).toBe("😀…");
  });
});

describe("each platform's last guard", () => {
  it("keeps a Discord message within 2,000 characters", () => {
    expect(clampContent("x".repeat(6000))).toHaveLength(2000);
  });

  it("keeps a Slack text within 40,000 characters", () => {
    expect(toSlackText("x".repeat(40_000))).toHaveLength(40_000);
    expect(toSlackText("&lt;".repeat(30_000))).toMatch(/^(&lt;)+.*…$/);
    expect(toSlackText("&lt;".repeat(30_000))).toHaveLength(40_000);
  });
});
