import { Routes, type REST } from "discord.js";
import type { DiscordPayload } from "../render/render-view.ts";
import { toComponents } from "../render/job-buttons.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";

/** Who the channel message is for, and whether this message should mention them. */
export interface ChannelRecipient {
  readonly channelId: string;
  readonly userId: string;
  /** Mention (and so notify) the person; only the first of several messages does. */
  readonly mention: boolean;
}

/** A message the bot posted: its id, and where Discord keeps the files it carries. */
export interface PostedMessage {
  readonly id: string;
  readonly attachmentUrls: readonly string[];
}

/**
 * Posts a normal channel message, for when the interaction's reply can't be edited any more
 * (its token lives 15 minutes, or Discord lost it). Only the person who asked is mentioned and
 * notified; anything that looks like a mention in the prompt pings nobody.
 */
export async function postToChannel(
  rest: REST,
  { channelId, userId, mention }: ChannelRecipient,
  payload: DiscordPayload,
): Promise<PostedMessage> {
  const posted = (await rest.post(Routes.channelMessages(channelId), {
    body: {
      components: toComponents(payload.buttons ?? []),
      content: toDiscordMessage(mention ? `<@${userId}> ${payload.content}` : payload.content).content,
      allowed_mentions: mention ? { parse: [], users: [userId] } : { parse: [] },
      attachments: payload.files.map((file, index) => ({ id: index, filename: file.name })),
    },
    files: payload.files.map((file) => ({ name: file.name, data: file.data })),
  })) as { id: string; attachments?: Array<{ url: string }> };
  return { id: posted.id, attachmentUrls: (posted.attachments ?? []).map((attachment) => attachment.url) };
}
