const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Makes text show exactly as typed in a Slack message: `<!channel>`, `<@U…>` and `<http://…|x>`
 * stay inert instead of pinging or linking. Slack asks apps to escape these three characters and
 * only these (https://docs.slack.dev/messaging/formatting-message-text#escaping).
 */
export function escapeSlackText(text: string): string {
  return text.replace(/[&<>]/g, (char) => entities[char] ?? char);
}
