import { describe, expect, it } from "vitest";
import { describeCommonError } from "../../../src/core/errors/describe-common-error.ts";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { english } from "../../../src/core/i18n/messages.ts";
import {
  parseGenerationRequest,
  type ImageSettings,
  type RawRequest,
} from "../../../src/core/requests/request.ts";

const settings: ImageSettings = {
  defaultModel: "gpt-image-1",
  defaultCount: 1,
  outputFormat: "png",
  models: ["gpt-image-1", "gpt-image-2", "dall-e-3"],
  maxImagesPerRequest: 4,
  maxPromptLength: 4000,
};

/** The sentence the person reads for the request's refusal, in English. */
function refusal(raw: RawRequest, overrides: Partial<ImageSettings> = {}): string {
  try {
    parseGenerationRequest(raw, { ...settings, ...overrides });
  } catch (error) {
    if (error instanceof ImagineError && error.code === "invalid_request") {
      return describeCommonError(error.code, error.context, { platform: "discord" }, english);
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseGenerationRequest", () => {
  it("fills the operator's defaults", () => {
    expect(parseGenerationRequest({ prompt: "  a cat  " }, settings)).toEqual({
      prompt: "a cat",
      model: "gpt-image-1",
      size: "1024x1024",
      count: 1,
      outputFormat: "png",
    });
  });

  it("keeps valid choices", () => {
    const request = parseGenerationRequest(
      { prompt: "a cat", size: "1536x1024", quality: "HIGH", count: 3, model: "gpt-image-1" },
      settings,
    );
    expect(request).toMatchObject({ size: "1536x1024", quality: "high", count: 3 });
  });

  it("accepts any size divisible by 16 for gpt-image-2, within 3840x2160", () => {
    expect(
      parseGenerationRequest({ prompt: "x", model: "gpt-image-2", size: "2048x1152" }, settings).size,
    ).toBe("2048x1152");
    expect(refusal({ prompt: "x", model: "gpt-image-2", size: "1000x1000" })).toContain("divisible by 16");
    expect(refusal({ prompt: "x", model: "gpt-image-2", size: "4096x4096" })).toContain("not available");
  });

  it("matches sizes whatever their case, and sends the model table's spelling", () => {
    const seedream = "doubao-seedream-4-0-250828";
    const withSeedream = { ...settings, models: [...settings.models, seedream] };
    const sizeFor = (model: string, size?: string, defaultSize?: string) =>
      parseGenerationRequest({ prompt: "x", model, ...(size && { size }) }, { ...withSeedream, defaultSize })
        .size;
    expect(sizeFor(seedream, "2K")).toBe("2K");
    expect(sizeFor(seedream, "2k")).toBe("2K");
    expect(sizeFor(seedream, " 4k ")).toBe("4K");
    expect(sizeFor(seedream)).toBe("2K");
    expect(sizeFor(seedream, undefined, "1k")).toBe("1K");
    expect(sizeFor("gpt-image-1", "1536X1024")).toBe("1536x1024");
    expect(sizeFor("gpt-image-1", "AUTO")).toBe("auto");
    expect(sizeFor("gpt-image-2", "2048X1152")).toBe("2048x1152");
    expect(refusal({ prompt: "x", model: seedream, size: "3k" }, withSeedream)).toBe(
      `Size "3k" is not available for ${seedream}. Use 1K, 2K, 4K.`,
    );
  });

  it("repeats only the start of a long value in a refusal", () => {
    const sentence = refusal({ prompt: "x", size: "9".repeat(6000) });
    expect(sentence).toBe(
      `Size "${"9".repeat(39)}…" is not available for gpt-image-1. Use 1024x1024, 1536x1024, 1024x1536, auto.`,
    );
    expect(refusal({ prompt: "x", model: "m".repeat(6000) }).length).toBeLessThan(200);
    expect(refusal({ prompt: "x", quality: "q".repeat(6000) }).length).toBeLessThan(200);
  });

  it("refuses an empty or whitespace prompt", () => {
    expect(refusal({ prompt: "" })).toBe("Write a prompt describing the image you want.");
    expect(refusal({ prompt: " \n\t " })).toBe("Write a prompt describing the image you want.");
  });

  it("refuses a prompt of only zero-width characters and strips them elsewhere", () => {
    expect(refusal({ prompt: "\u200B\u200D\uFEFF" })).toBe("Write a prompt describing the image you want.");
    expect(parseGenerationRequest({ prompt: "a\u200Bcat" }, settings).prompt).toBe("acat");
  });

  it("refuses control characters", () => {
    expect(refusal({ prompt: "a cat\u0000" })).toContain("control characters");
    expect(refusal({ prompt: "a \u001b[31mred cat" })).toContain("control characters");
  });

  it("refuses a prompt over the limit, saying both lengths", () => {
    expect(refusal({ prompt: "x".repeat(4001) })).toBe(
      "The prompt is 4,001 characters long; the limit is 4,000.",
    );
    expect(refusal({ prompt: "x".repeat(32_001) }, { maxPromptLength: 32_000 })).toBe(
      "The prompt is 32,001 characters long; the limit is 32,000.",
    );
  });

  it("applies the model's own prompt limit when it is lower", () => {
    expect(refusal({ prompt: "x".repeat(4500), model: "dall-e-3" }, { maxPromptLength: 32_000 })).toContain(
      "the limit is 4,000",
    );
  });

  it("refuses unknown models, sizes and qualities with the valid choices", () => {
    expect(refusal({ prompt: "x", model: "midjourney" })).toBe(
      'Unknown model "midjourney". Choose one of: gpt-image-1, gpt-image-2, dall-e-3.',
    );
    expect(refusal({ prompt: "x", size: "800x600" })).toBe(
      'Size "800x600" is not available for gpt-image-1. Use 1024x1024, 1536x1024, 1024x1536, auto.',
    );
    expect(refusal({ prompt: "x", quality: "ultra" })).toBe(
      'Quality "ultra" is not available for gpt-image-1. Use auto, low, medium, high.',
    );
  });

  it("refuses a model the operator did not offer", () => {
    expect(refusal({ prompt: "x", model: "qwen-image" })).toContain("Unknown model");
  });

  it.each([0, 5, 99, 1.5, -1])("refuses count %s", (count) => {
    expect(refusal({ prompt: "x", count })).toBe("The number of images must be between 1 and 4.");
  });

  it("knows dall-e-3 makes one image per request", () => {
    expect(refusal({ prompt: "x", model: "dall-e-3", count: 2 })).toBe(
      "dall-e-3 makes one image per request.",
    );
  });
});
