import { describe, expect, it } from "vitest";
import { ImagineError } from "../../src/core/errors/errors.ts";
import { english } from "../../src/core/i18n/messages.ts";
import type { GenerationRequest } from "../../src/core/requests/request.ts";
import { describeForDiscord } from "../../src/discord/render/describe-for-discord.ts";
import { renderCaption, renderResult } from "../../src/discord/render/render-result.ts";
import { renderView, samePayload } from "../../src/discord/render/render-view.ts";
import { clampContent, showPrompt } from "../../src/discord/render/show-prompt.ts";
import { splitAttachments } from "../../src/discord/render/split-attachments.ts";
import { png } from "./harness.ts";

const request: GenerationRequest = {
  prompt: "a fox",
  model: "gpt-image-1",
  size: "1024x1024",
  count: 1,
  outputFormat: "png",
};
const file = (name: string, bytes: number) => ({ name, data: Buffer.alloc(bytes) });
const image = (bytes: number) => ({ bytes: Buffer.alloc(bytes), mimeType: "image/png" as const });

describe("showing a prompt", () => {
  it("escapes markdown so the prompt reads as typed", () => {
    expect(showPrompt("a **fox** _in_ `code` ||spoiler|| [link](https://x.test)", 2000)).toBe(
      "a \\*\\*fox\\*\\* \\_in\\_ \\`code\\` \\|\\|spoiler\\|\\| \\[link](https://x.test)",
    );
    expect(showPrompt("# big\n- item\n> quote", 2000)).toBe("\\# big\n\\- item\n\\> quote");
  });

  it("leaves mentions as text (allowed_mentions keeps them silent)", () => {
    expect(showPrompt("@everyone <@123> <@&456>", 2000)).toBe("@everyone <@123> <@&456>");
  });

  it("cuts a long prompt to the room given, never inside an escape or a surrogate pair", () => {
    const shown = showPrompt("a_b ".repeat(2000), 101);
    expect(shown.length).toBeLessThanOrEqual(101);
    expect(shown).toMatch(/^(a\\_b ){19}a\\_b…$/);
    const emoji = showPrompt("🦊".repeat(100), 11);
    expect(emoji).toBe(`${"🦊".repeat(5)}…`);
  });

  it("clamps any text to Discord's 2,000 characters", () => {
    expect(clampContent("x".repeat(2000))).toHaveLength(2000);
    expect(clampContent("x".repeat(2500))).toBe(`${"x".repeat(1999)}…`);
  });
});

describe("the caption of finished images", () => {
  it("shows the prompt, size, model, quality and time", () => {
    expect(renderCaption({ ...request, quality: "high" }, 12_345, english)).toBe(
      "**Prompt:** a fox\n1024x1024 · gpt-image-1 · high · 12.3 s",
    );
  });

  it("names the picture an edit started from, as inert text on the facts' line", () => {
    const edit = { image: { url: "https://cdn.discordapp.com/a/b/c.png", name: "my_cat\n**v2**.png" } };
    expect(renderCaption({ ...request, edit }, 2000, english)).toBe(
      "**Prompt:** a fox\n1024x1024 · gpt-image-1 · edited from my\\_cat \\*\\*v2\\*\\*.png · 2.0 s",
    );
    const long = { image: { url: "https://cdn.discordapp.com/a/b/c.png", name: `${"n".repeat(500)}.png` } };
    expect(renderCaption({ ...request, edit: long }, 2000, english)).toMatch(/edited from n{99}… · 2\.0 s$/);
  });

  it("stays under 2,000 characters with room for a mention, whatever the prompt", () => {
    const caption = renderCaption({ ...request, prompt: "_*".repeat(3000) }, 1000, english, ["a note"]);
    expect(caption.length).toBeLessThanOrEqual(2000 - 32);
    expect(caption).toMatch(/…\n1024x1024 · gpt-image-1 · 1\.0 s\na note$/);
  });
});

describe("the result messages", () => {
  it("puts every image in one message when they fit", () => {
    const messages = renderResult(
      { request, images: [image(10), image(10)], elapsedMs: 0, capBytes: 100 },
      english,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]!.files.map((f) => f.name)).toEqual(["imagine-1.png", "imagine-2.png"]);
  });

  it("splits images across messages when they don't fit one, and says so", () => {
    const messages = renderResult(
      { request, images: [image(60), image(60)], elapsedMs: 0, capBytes: 100 },
      english,
    );
    expect(messages.map((m) => m.files.map((f) => f.name))).toEqual([["imagine-1.png"], ["imagine-2.png"]]);
    expect(messages[0]!.content).toContain("the rest follow below");
  });

  it("says which images are over the cap on their own", () => {
    const some = renderResult(
      { request, images: [image(10), image(200)], elapsedMs: 0, capBytes: 100 },
      english,
    );
    expect(some[0]!.content).toContain("1 image was larger than this channel's upload limit");
    const none = renderResult({ request, images: [image(200)], elapsedMs: 0, capBytes: 100 }, english);
    expect(none).toEqual([{ content: expect.stringMatching(/^⚠️ .*larger than/), files: [] }]);
  });
});

describe("packing attachments", () => {
  it("fills messages in order up to the cap and ten files", () => {
    const files = Array.from({ length: 12 }, (_, index) => file(`f${index}`, 1));
    const { groups } = splitAttachments(files, 100);
    expect(groups.map((group) => group.length)).toEqual([10, 2]);
    const bySize = splitAttachments([file("a", 40), file("b", 40), file("c", 40)], 100);
    expect(bySize.groups.map((group) => group.map((f) => f.name))).toEqual([["a", "b"], ["c"]]);
  });

  it("sets aside files that are over the cap alone", () => {
    const { groups, tooLarge } = splitAttachments([file("big", 101), file("ok", 100)], 100);
    expect(tooLarge.map((f) => f.name)).toEqual(["big"]);
    expect(groups.map((group) => group.map((f) => f.name))).toEqual([["ok"]]);
  });
});

describe("progress views", () => {
  it("shows the queue position, the time and the latest preview", () => {
    expect(renderView({ kind: "queued", position: 2 }, english).content).toBe(
      "⏳ Waiting in line: position 2.",
    );
    expect(renderView({ kind: "generating", elapsedSeconds: 5 }, english)).toEqual({
      content: "🎨 Generating… (5 s)",
      files: [],
    });
    const preview = { index: 1, image: { bytes: png.preview, mimeType: "image/png" as const } };
    expect(renderView({ kind: "generating", elapsedSeconds: 8, preview }, english)).toEqual({
      content: "🎨 Generating… (8 s, preview 2)",
      files: [{ name: "preview.png", data: png.preview }],
    });
  });

  it("treats the same text with the same preview as no change", () => {
    const a = { content: "x", files: [{ name: "p.png", data: png.preview }] };
    expect(samePayload(a, { content: "x", files: [{ name: "p.png", data: png.preview }] })).toBe(true);
    expect(samePayload(a, { content: "x", files: [{ name: "p.png", data: png.image1 }] })).toBe(false);
    expect(samePayload(a, { content: "x", files: [] })).toBe(false);
  });
});

describe("error sentences on Discord", () => {
  it("names allowed channels and roles with Discord's mention syntax", () => {
    expect(
      describeForDiscord(new ImagineError("not_allowed_channel", { allowedIds: ["1", "2", "3"] }), english),
    ).toBe("Images are allowed in <#1>, <#2>, and <#3>.");
    expect(describeForDiscord(new ImagineError("not_allowed_role", { allowedIds: ["7"] }), english)).toBe(
      "You need the <@&7> role.",
    );
  });

  it("speaks of roles and servers otherwise", () => {
    expect(describeForDiscord(new ImagineError("not_allowed_role", { deniedIds: ["9"] }), english)).toBe(
      "One of your roles may not make images here.",
    );
    expect(describeForDiscord(new ImagineError("not_allowed_role"), english)).toBe(
      "You don't have a role that may make images here.",
    );
    expect(describeForDiscord(new ImagineError("not_allowed_guild"), english)).toBe(
      "This bot is not enabled on this server.",
    );
    const left = new ImagineError("workspace_daily_limit", {
      limit: 50,
      remaining: 3,
      retryAfterSeconds: 59,
    });
    expect(describeForDiscord(left, english)).toBe(
      "This server has 3 images left today: ask for 3 or fewer.",
    );
    const daily = new ImagineError("daily_limit", { limit: 2, remaining: 0, retryAfterSeconds: 90 });
    expect(describeForDiscord(daily, english)).toBe(
      "You have reached your daily limit of 2 images. It resets at 00:00 UTC (in 2 min).",
    );
    expect(describeForDiscord(new ImagineError("timeout"), english)).toBe(
      "The image took too long to make and was given up. Please try again.",
    );
  });
});
