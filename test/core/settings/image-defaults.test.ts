import { describe, expect, it } from "vitest";
import { createCore, settings } from "../../support/create-core.ts";
import { actor } from "../../support/actors.ts";

const openSink = () => () => undefined;
const admin = actor({ admin: true, userId: "boss" });

describe("image defaults set in chat", () => {
  it("make the next request in that place use them, and nowhere else", async () => {
    const models = ["gpt-image-1", "dall-e-3"];
    const core = createCore(
      { settings: { ...settings, models } },
      { images: { defaultModel: "gpt-image-1", models } },
    );
    await core.imagine.administer(admin, {
      kind: "set",
      key: "default_quality",
      value: "high",
      channelId: "art",
    });
    await core.imagine.administer(admin, { kind: "set", key: "default_size", value: "1536x1024" });

    const inArt = await core.imagine.submit({
      request: { prompt: "a fox" },
      actor: actor({ channelId: "art" }),
      openSink,
    });
    expect(inArt.status === "accepted" && inArt.request).toMatchObject({
      quality: "high",
      size: "1536x1024",
    });
    const elsewhere = await core.imagine.submit({
      request: { prompt: "a fox" },
      actor: actor({ channelId: "c2", userId: "u2" }),
      openSink,
    });
    expect(elsewhere.status === "accepted" && elsewhere.request).toMatchObject({ size: "1536x1024" });
    expect(elsewhere.status === "accepted" && elsewhere.request.quality).toBeUndefined();

    await core.imagine.administer(admin, { kind: "set", key: "default_model", value: "dall-e-3" });
    const third = await core.imagine.submit({
      request: { prompt: "a fox" },
      actor: actor({ channelId: "c3", userId: "u3" }),
      openSink,
    });
    // dall-e-3 cannot make 1536x1024: the model's own default size is used instead of failing.
    expect(third.status === "accepted" && third.request).toMatchObject({
      model: "dall-e-3",
      size: "1024x1024",
    });
  });

  it("passes over a chat default for a model the operator stopped offering", async () => {
    const models = ["gpt-image-1", "dall-e-3"];
    const core = createCore(
      { settings: { ...settings, models } },
      { images: { defaultModel: "gpt-image-1", models } },
    );
    await core.imagine.administer(admin, { kind: "set", key: "default_model", value: "dall-e-3" });
    const later = createCore(
      { settings },
      { images: { defaultModel: "gpt-image-1", models: ["gpt-image-1"] }, store: core.store },
    );
    const submission = await later.imagine.submit({ request: { prompt: "a fox" }, actor: actor(), openSink });
    expect(submission.status === "accepted" && submission.request.model).toBe("gpt-image-1");
  });
});
