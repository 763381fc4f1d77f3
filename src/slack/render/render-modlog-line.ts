import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { escapeSlackText } from "./escape-text.ts";

/** Room for the prompt in the line; Slack takes far more, moderators need no more. */
const promptRoom = 3000;

/**
 * One mod-log line: who, where (the channel as a link), which rule, and the prompt escaped so
 * that nothing in it links, mentions or notifies anyone.
 */
export function renderModlogLine(entry: ModerationEntry): string {
  const rule =
    entry.rule.kind === "blocked_term"
      ? `blocked term “${escapeSlackText(entry.rule.term)}”`
      : "CometAPI's content policy";
  const prompt = escapeSlackText(clampText(entry.prompt, promptRoom));
  return `:shield: Refused a prompt from <@${entry.userId}> in <#${entry.channelId}> (${rule}): “${prompt}”`;
}
