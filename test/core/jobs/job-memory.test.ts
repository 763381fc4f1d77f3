import { describe, expect, it } from "vitest";
import { estimateJobBytes } from "../../../src/core/jobs/job-memory.ts";

describe("estimateJobBytes", () => {
  it("grows with the pixels and the number of images", () => {
    const square = estimateJobBytes({ count: 1, size: "1024x1024", model: "gpt-image-1" });
    expect(estimateJobBytes({ count: 2, size: "1024x1024", model: "gpt-image-1" })).toBe(2 * square);
    expect(estimateJobBytes({ count: 1, size: "1536x1024", model: "gpt-image-1" })).toBe(1.5 * square);
    expect(estimateJobBytes({ count: 1, size: "2K", model: "gemini" })).toBe(4 * square);
  });

  it("counts a size left to the model as the largest it lists", () => {
    expect(estimateJobBytes({ count: 1, size: "auto", model: "gpt-image-1" })).toBe(
      estimateJobBytes({ count: 1, size: "1536x1024", model: "gpt-image-1" }),
    );
    expect(estimateJobBytes({ count: 1, size: "auto", model: "unknown" })).toBe(
      estimateJobBytes({ count: 1, size: "1536x1024", model: "gpt-image-1" }),
    );
  });
});

describe("an edit's memory", () => {
  it("adds its input image and mask, as their platform reported them", () => {
    const request = { count: 1, size: "1024x1024", model: "gpt-image-1" };
    const image = { url: "https://cdn.discordapp.com/a.png", name: "a.png", declaredBytes: 3_000_000 };
    const mask = { ...image, name: "mask.png", declaredBytes: 1_000_000 };
    expect(estimateJobBytes({ ...request, edit: { image, mask } })).toBe(
      estimateJobBytes(request) + 4_000_000,
    );
    const unreported = { url: image.url, name: image.name };
    expect(estimateJobBytes({ ...request, edit: { image: unreported } })).toBe(
      estimateJobBytes(request) + 20 * 1024 * 1024,
    );
  });
});
