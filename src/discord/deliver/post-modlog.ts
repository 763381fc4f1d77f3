import { Routes, type REST } from "discord.js";
import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { renderModlogLine } from "../render/render-modlog-line.ts";

/** Posts a refusal for moderation in the mod-log channel, mentioning and pinging nobody. */
export async function postModlog(rest: REST, entry: ModerationEntry): Promise<void> {
  await rest.post(Routes.channelMessages(entry.modlogChannelId), {
    body: { content: renderModlogLine(entry), allowed_mentions: { parse: [] } },
  });
}
