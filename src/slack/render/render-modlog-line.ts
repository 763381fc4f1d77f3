import { english } from "../../core/i18n/messages.ts";
import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { escapeSlackText } from "./escape-text.ts";

/** Room for the prompt in the line; Slack takes far more, moderators need no more. */
const promptRoom = 3000;

/**
 * One mod-log line: who, where (the channel as a link), which rule, and the prompt escaped so
 * that nothing in it links, mentions or notifies anyone. In English: a channel of moderators has no
 * one language to speak.
 */
export function renderModlogLine(entry: ModerationEntry): string {
  const rule =
    entry.rule.kind === "blocked_term"
      ? english.t("slack:modlog.blockedTerm", { term: escapeSlackText(entry.rule.term) })
      : english.t("slack:modlog.contentPolicy");
  const refused = english.t("slack:modlog.refused", {
    user: `<@${entry.userId}>`,
    channel: `<#${entry.channelId}>`,
    rule,
    prompt: escapeSlackText(clampText(entry.prompt, promptRoom)),
  });
  return `:shield: ${refused}`;
}
