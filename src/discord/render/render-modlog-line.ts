import { english } from "../../core/i18n/messages.ts";
import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { maxContentLength, showPrompt } from "./show-prompt.ts";

/** The rule, as moderators read it. */
function ruleText(entry: ModerationEntry): string {
  return entry.rule.kind === "blocked_term"
    ? english.t("discord:modlog.blockedTerm", { term: showPrompt(`“${entry.rule.term}”`, 200) })
    : english.t("discord:modlog.contentPolicy");
}

/**
 * One mod-log line, in English (a channel of moderators has no one language): who (a mention that
 * pings nobody: the post sends no mentions), where (the channel as a link), which rule, and the
 * prompt as inert text.
 */
export function renderModlogLine(entry: ModerationEntry): string {
  const values = { user: `<@${entry.userId}>`, channel: `<#${entry.channelId}>`, rule: ruleText(entry) };
  const head = english.t("discord:modlog.refused", { ...values, prompt: "" });
  const prompt = showPrompt(entry.prompt, maxContentLength - head.length);
  return english.t("discord:modlog.refused", { ...values, prompt });
}
