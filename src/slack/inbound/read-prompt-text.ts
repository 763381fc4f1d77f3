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

/**
 * Slack's escaped mentions as people wrote them (`<#C123|art>` → `#art`, `<@U123|alice>` →
 * `@alice`, `<!subteam^S1|@designers>` → `@designers`): the slash command escapes them (so admin
 * commands get ids), and a prompt should read as typed.
 */
export function readableMentions(text: string): string {
  return text
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<@[UW][A-Z0-9]+\|([^>]*)>/g, "@$1")
    .replace(/<!subteam\^[A-Z0-9]+\|@?([^>]*)>/g, "@$1");
}
