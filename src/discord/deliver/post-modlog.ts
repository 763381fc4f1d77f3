import { escapeMarkdown, Routes, type REST } from "discord.js";
import { clampContent } from "../render/show-prompt.ts";
import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { renderModlogLine } from "../render/render-modlog-line.ts";

/** Posts a sentence for moderators in a channel, as plain text that pings nobody. */
export async function postNotice(rest: REST, channelId: string, text: string): Promise<void> {
  await rest.post(Routes.channelMessages(channelId), {
    body: { content: clampContent(escapeMarkdown(text)), allowed_mentions: { parse: [] } },
  });
}

/** Posts a refusal for moderation in the mod-log channel, mentioning and pinging nobody. */
export async function postModlog(rest: REST, entry: ModerationEntry): Promise<void> {
  await rest.post(Routes.channelMessages(entry.modlogChannelId), {
    body: { content: renderModlogLine(entry), allowed_mentions: { parse: [] } },
  });
}
