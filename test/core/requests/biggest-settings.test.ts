import { describe, expect, it } from "vitest";
import { biggestSettings } from "../../../src/core/requests/biggest-settings.ts";
import { acceptsSize, findModel, knownModels } from "../../../src/core/requests/models.ts";
import { parseGenerationRequest } from "../../../src/core/requests/request.ts";

const area = (size: string) =>
  size
    .split("x")
    .map(Number)
    .reduce((width, height) => width * height);

describe("biggestSettings", () => {
  it("picks gpt-image-1's largest size by area, one it takes, and high quality", () => {
    const { size, quality } = biggestSettings("gpt-image-1");
    expect(["1536x1024", "1024x1536"]).toContain(size);
    expect(acceptsSize(findModel("gpt-image-1")!, size!)).toBe(true);
    expect(quality).toBe("high");
  });

  it("never takes auto for a size or a quality", () => {
    for (const model of ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2"]) {
      expect(biggestSettings(model)).not.toMatchObject({ size: "auto" });
      expect(biggestSettings(model).quality).toBe("high");
    }
  });

  it("picks hd at 1792x1024 for dall-e-3", () => {
    expect(biggestSettings("dall-e-3")).toEqual({ size: "1792x1024", quality: "hd" });
  });

  it("picks the largest area among sizes listed in no particular order, and no quality where a model has none", () => {
    // 1328x1328 is larger than the wider 1664x928.
    expect(biggestSettings("qwen-image")).toEqual({ size: "1328x1328" });
  });

  it("picks the maximum width and height of a model that takes any size", () => {
    expect(biggestSettings("gpt-image-2")).toEqual({ size: "3840x2160", quality: "high" });
  });

  it("picks the last of a model's named sizes", () => {
    expect(biggestSettings("doubao-seedream-4-0-250828")).toEqual({ size: "4K" });
  });

  it("asks nothing of a model it does not know", () => {
    expect(biggestSettings("no-such-model")).toEqual({});
  });

  it("answers, for every known model, settings its request check accepts and no smaller than its default", () => {
    for (const model of knownModels) {
      const biggest = biggestSettings(model.id);
      const settings = {
        defaultModel: model.id,
        defaultCount: 1,
        outputFormat: "png" as const,
        models: [model.id],
        maxImagesPerRequest: 1,
        maxPromptLength: 1000,
      };
      const request = parseGenerationRequest({ prompt: "a fox", model: model.id, ...biggest }, settings);
      expect(request.size).toBe(biggest.size);
      if (/^\d+x\d+$/.test(model.defaultSize)) {
        expect(area(request.size)).toBeGreaterThanOrEqual(area(model.defaultSize));
      }
    }
  });
});
