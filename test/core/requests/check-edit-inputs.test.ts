import { describe, expect, it } from "vitest";
import { checkEditInputs, mayFetchInput } from "../../../src/core/requests/check-edit-inputs.ts";
import { parseGenerationRequest, type ImageSettings } from "../../../src/core/requests/request.ts";

const settings: ImageSettings = {
  defaultModel: "gpt-image-1",
  defaultCount: 1,
  outputFormat: "png",
  models: ["gpt-image-1", "gpt-image-1-mini", "dall-e-3"],
  maxImagesPerRequest: 4,
  maxPromptLength: 1000,
  maxInputImageBytes: 5 * 1024 * 1024,
};
const access = { hosts: ["cdn.discordapp.com", "media.discordapp.net"] };
const image = {
  url: "https://cdn.discordapp.com/attachments/1/2/cat.png",
  name: "cat.png",
  declaredBytes: 1024,
};
const check = (edit: Parameters<typeof checkEditInputs>[0], model = "gpt-image-1", allowLoopback = false) =>
  checkEditInputs(edit, model, { settings, access, allowLoopback });

describe("checking an edit before it is accepted", () => {
  it("lets an image on the platform's file host, under the limit, through to a model that edits", () => {
    expect(check({ image })).toBeUndefined();
    expect(check({ image, mask: { ...image, name: "mask.png" } })).toBeUndefined();
  });

  it("refuses a model that cannot edit, naming the offered ones that can", () => {
    const refusal = check({ image }, "dall-e-3");
    expect(refusal?.code).toBe("model_cannot_edit");
    expect(refusal?.context.models).toEqual(["gpt-image-1", "gpt-image-1-mini"]);
  });

  it("refuses an image the platform reports as larger than the limit, naming it in MB", () => {
    const refusal = check({ image: { ...image, declaredBytes: 5 * 1024 * 1024 + 1 } });
    expect(refusal?.code).toBe("input_too_large");
    expect(refusal?.context.limit).toBe(5);
  });

  it("refuses an address off the platform's hosts, over plain http, or not an address at all", () => {
    for (const url of [
      "https://example.com/cat.png",
      "http://cdn.discordapp.com/attachments/1/2/cat.png",
      "https://cdn.discordapp.com.example.com/cat.png",
      "https://cdn.discordapp.com:8443/attachments/1/2/cat.png",
      "https://user:secret@cdn.discordapp.com/attachments/1/2/cat.png",
      "https://cdn.discordapp.com./attachments/1/2/cat.png",
      "not a url",
    ]) {
      expect(check({ image: { ...image, url } })?.code).toBe("input_not_allowed");
    }
    expect(check({ image, mask: { ...image, url: "https://example.com/mask.png" } })?.code).toBe(
      "input_not_allowed",
    );
  });

  it("lets plain http to loopback through only when tests switch it on", () => {
    const local = { ...image, url: "http://127.0.0.1:4000/cat.png" };
    expect(check({ image: local })?.code).toBe("input_not_allowed");
    expect(check({ image: local }, "gpt-image-1", true)).toBeUndefined();
    expect(mayFetchInput("http://10.0.0.1/cat.png", access, true)).toBe(false);
    expect(mayFetchInput("http://127.0.0.2:8080/cat.png", access, true)).toBe(true);
    expect(mayFetchInput("http://[::1]:8080/cat.png", access, true)).toBe(true);
  });

  it("refuses every input when the platform said nothing of its hosts", () => {
    expect(
      checkEditInputs({ image }, "gpt-image-1", { settings, access: undefined, allowLoopback: false })?.code,
    ).toBe("input_not_allowed");
  });
});

describe("the model an edit uses when none is named", () => {
  const image = { url: "https://cdn.discordapp.com/a/1/cat.png", name: "cat.png" };
  const base = { ...settings, models: ["dall-e-3", "gpt-image-1-mini", "gpt-image-1"] };

  it("is the default model when it edits, else the first offered model that does", () => {
    expect(
      parseGenerationRequest({ prompt: "night", edit: { image } }, { ...base, defaultModel: "gpt-image-1" })
        .model,
    ).toBe("gpt-image-1");
    expect(
      parseGenerationRequest({ prompt: "night", edit: { image } }, { ...base, defaultModel: "dall-e-3" })
        .model,
    ).toBe("gpt-image-1-mini");
    expect(parseGenerationRequest({ prompt: "night" }, { ...base, defaultModel: "dall-e-3" }).model).toBe(
      "dall-e-3",
    );
  });
});
