import { Routes, type REST } from "discord.js";
import type { DiscordPayload } from "./render-view.ts";

/**
 * Posts a normal channel message to the person, for when the interaction can no longer be
 * edited (its token lives 15 minutes). Only that person is mentioned, and only they are pinged.
 */
export async function postToChannel(rest: REST, channelId: string, userId: string, payload: DiscordPayload) {
  await rest.post(Routes.channelMessages(channelId), {
    body: {
      content: `<@${userId}> ${payload.content}`,
      allowed_mentions: { parse: [], users: [userId] },
      attachments: payload.files.map((file, index) => ({ id: index, filename: file.name })),
    },
    files: payload.files.map((file) => ({ name: file.name, data: file.data })),
  });
}
