import { describe, expect, it } from "vitest";
import { describeBudget } from "../../../src/core/errors/describe-budget.ts";
import { english } from "../../../src/core/i18n/messages.ts";
import { estimateCostUsd, outputTokensPerImage } from "../../../src/core/money/estimate-cost.ts";
import type { GenerationRequest } from "../../../src/core/requests/request.ts";

const request = (overrides: Partial<GenerationRequest> = {}): GenerationRequest => ({
  prompt: "a fox in the snow",
  model: "gpt-image-1",
  size: "1024x1024",
  quality: "medium",
  count: 1,
  outputFormat: "png",
  ...overrides,
});

describe("estimating a request's cost", () => {
  it("takes OpenAI's tokens per image by quality, scaled by pixels, and high for auto", () => {
    expect(outputTokensPerImage("1024x1024", "low")).toBe(272);
    expect(outputTokensPerImage("1024x1024", "medium")).toBe(1056);
    expect(outputTokensPerImage("1536x1024", "medium")).toBe(1584);
    expect(outputTokensPerImage("1024x1024", "auto")).toBe(4160);
    expect(outputTokensPerImage("auto", undefined)).toBe(6240);
  });

  it("prices the images and the prompt at the model's prices, or a request flat", () => {
    const prices = {
      priceOf: (model: string) =>
        model === "gpt-image-1"
          ? { inputPerMillion: 5, outputPerMillion: 40 }
          : model === "dall-e-3"
            ? { perRequest: 0.04 }
            : undefined,
    };
    // 2 × 1,056 output tokens, and a 17-character prompt as 5 input tokens.
    expect(estimateCostUsd(request({ count: 2 }), prices)).toBeCloseTo((5 * 5 + 2112 * 40) / 1e6, 10);
    expect(estimateCostUsd(request({ model: "dall-e-3" }), prices)).toBe(0.04);
    expect(estimateCostUsd(request({ model: "gpt-image-1-mini" }), prices)).toBeUndefined();
    // Two partials of 100 tokens each, and an edit's picture held at 1,500 input tokens.
    expect(estimateCostUsd(request(), prices, 2)).toBeCloseTo((5 * 5 + 1256 * 40) / 1e6, 10);
    const edit = { image: { url: "https://cdn.discordapp.com/a.png", name: "a.png" } };
    expect(estimateCostUsd(request({ edit }), prices)).toBeCloseTo((1505 * 5 + 1056 * 40) / 1e6, 10);
  });
});

describe("the budget sentence", () => {
  it("shows dollars to the cent, or finer where cents would hide the amount", () => {
    expect([0, 0.04, 0.045, 0.04234, 0.0027, 12.5].map((usd) => english.usd(usd))).toEqual([
      "$0.00",
      "$0.04",
      "$0.045",
      "$0.042",
      "$0.0027",
      "$12.50",
    ]);
  });

  it("says what the image would cost, what is left, and when a monthly budget starts again", () => {
    expect(
      describeBudget(
        "discord",
        { budgetUsd: 10, leftUsd: 0.01, costUsd: 0.17, retryAfterSeconds: 3600 },
        english,
      ),
    ).toBe(
      "This would cost about $0.17, and $0.01 is left of this server's monthly budget of $10.00. It resets on the 1st at 00:00 UTC (in 1 h).",
    );
  });
});
