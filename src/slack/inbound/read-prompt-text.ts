const decoded: Readonly<Record<string, string>> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/**
 * What the person typed, from the text of a Slack message or slash command: mentions of the bot
 * (`<@U123>` or `<@U123|name>`) are dropped, and Slack's escaping of `&`, `<` and `>` is undone in
 * one pass (so a typed `&lt;` survives as `&lt;`). Other markup (`<@U456>`, links) stays as sent.
 */
export function readPromptText(text: string, botUserId?: string): string {
  const withoutBot = botUserId ? text.replaceAll(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), " ") : text;
  return withoutBot.replace(/&(?:amp|lt|gt);/g, (entity) => decoded[entity] ?? entity).trim();
}
