import { describe, expect, it } from "vitest";
import { escapeSlackText } from "../../src/slack/render/escape-text.ts";
import { readableMentions, readPromptText } from "../../src/slack/inbound/read-prompt-text.ts";
import type { GenerationRequest } from "../../src/core/requests/request.ts";
import { formatSeconds, renderImageComment, renderProgress } from "../../src/slack/render/render-text.ts";
import { english } from "../../src/core/i18n/messages.ts";

describe("escapeSlackText", () => {
  it("makes mentions, broadcasts and links inert", () => {
    expect(escapeSlackText("<!channel> <@U123> <http://x.example|click> a & b")).toBe(
      "&lt;!channel&gt; &lt;@U123&gt; &lt;http://x.example|click&gt; a &amp; b",
    );
  });

  it("escapes an ampersand that already looks like an entity", () => {
    expect(escapeSlackText("&lt;")).toBe("&amp;lt;");
  });
});

describe("readPromptText", () => {
  it("drops the bot's mention, with or without a label, wherever it is", () => {
    expect(readPromptText("<@UBOT> a cat <@UBOT|imagine> in a hat", "UBOT")).toBe("a cat   in a hat");
  });

  it("keeps other people's mentions as sent", () => {
    expect(readPromptText("<@UBOT> a portrait of <@U456>", "UBOT")).toBe("a portrait of <@U456>");
  });

  it("shows the slash command's escaped mentions as typed, and leaves unlabelled ones alone", () => {
    expect(readableMentions("<@U12|alice> in <#C9|art> with <!subteam^S1|@designers>, <@U456>")).toBe(
      "@alice in #art with @designers, <@U456>",
    );
  });

  it("undoes Slack's escaping once, so a typed entity survives", () => {
    expect(readPromptText("cats &amp; dogs &lt;3 &amp;lt;")).toBe("cats & dogs <3 &lt;");
  });
});

describe("renderProgress", () => {
  it("counts previews against those asked for, and adds elapsed time from one second on", () => {
    const drawing = { phase: "drawing", previews: 1, expectedPreviews: 2 } as const;
    expect(renderProgress(drawing, 1, 0.4, english)).toBe(
      ":art: Drawing your image… (preview 1 of 2 received)",
    );
    expect(renderProgress(drawing, 2, 12.7, english)).toBe(
      ":art: Drawing 2 images… (preview 1 of 2 received, 12 s)",
    );
    expect(renderProgress({ ...drawing, previews: 3 }, 1, 0, english)).toBe(
      ":art: Drawing your image… (preview 3 received)",
    );
  });

  it("names the queue position, position 1 being next", () => {
    expect(renderProgress({ phase: "queued", position: 1 }, 1, 0, english)).toBe(
      ":hourglass_flowing_sand: Next in line…",
    );
    expect(renderProgress({ phase: "queued", position: 3 }, 1, 65, english)).toBe(
      ":hourglass_flowing_sand: Waiting in line: position 3… (1 min 5 s)",
    );
  });

  it("formats seconds and minutes", () => {
    expect([formatSeconds(0, english), formatSeconds(59.9, english), formatSeconds(125, english)]).toEqual([
      "0 s",
      "59 s",
      "2 min 5 s",
    ]);
  });
});

describe("renderImageComment", () => {
  const request: GenerationRequest = {
    prompt: "a cat <!here>",
    model: "gpt-image-1",
    size: "1024x1024",
    quality: "high",
    count: 1,
    outputFormat: "png",
  };

  it("shows the prompt inert, then the size, model, quality and time", () => {
    expect(renderImageComment(request, 3200, english)).toBe(
      "“a cat &lt;!here&gt;”\n1024x1024 · gpt-image-1 · high quality · 3.2 s",
    );
  });

  it("names the image an edit started from, as inert as the prompt", () => {
    const edit = { image: { url: "https://files.slack.com/x", name: "<!channel> & me.png" } };
    expect(renderImageComment({ ...request, edit }, 3200, english)).toBe(
      "“a cat &lt;!here&gt;”\nedited from &lt;!channel&gt; &amp; me.png · 1024x1024 · gpt-image-1 · high quality · 3.2 s",
    );
  });
});
