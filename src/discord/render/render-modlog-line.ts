import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { maxContentLength, showPrompt } from "./show-prompt.ts";

/** The rule, as moderators read it. */
function ruleText(entry: ModerationEntry): string {
  return entry.rule.kind === "blocked_term"
    ? `blocked term ${showPrompt(`“${entry.rule.term}”`, 200)}`
    : "CometAPI's content policy";
}

/**
 * One mod-log line: who (a mention that pings nobody: the post sends no mentions), where (the
 * channel as a link), which rule, and the prompt as inert text.
 */
export function renderModlogLine(entry: ModerationEntry): string {
  const head = `🛡️ Refused a prompt from <@${entry.userId}> in <#${entry.channelId}> (${ruleText(entry)}): `;
  return `${head}${showPrompt(entry.prompt, maxContentLength - head.length)}`;
}
