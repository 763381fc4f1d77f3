import type { APIAttachment, APIMessage, APIUser } from "discord.js";
import { pngSize, type StoredAttachment } from "./attachments.ts";
import { listButtons } from "./list-buttons.ts";
import { messageFlags } from "./message-flags.ts";
import type { StoredMessage } from "./message-store.ts";
import type { FakeAttachment, FakeMessage } from "./fake-message.ts";

/** Where the fake serves an attachment's bytes. */
export function attachmentUrl(origin: string, channelId: string, attachment: StoredAttachment): string {
  return `${origin}/attachments/${channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
}

/** The message object Discord's REST API would answer with; `author` unless someone else wrote it. */
export function toApiMessage(message: StoredMessage, author: APIUser, origin: string): APIMessage {
  return {
    id: message.id,
    channel_id: message.channelId,
    author: message.author ?? author,
    content: message.content,
    timestamp: message.createdAt.toISOString(),
    edited_timestamp: message.editedAt?.toISOString() ?? null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments.map((a) => toApiAttachment(a, origin, message.channelId)),
    embeds: message.embeds as APIMessage["embeds"],
    components: message.components as NonNullable<APIMessage["components"]>,
    pinned: false,
    type: message.type,
    flags: message.flags,
    ...(message.webhookId === undefined
      ? {}
      : { webhook_id: message.webhookId, application_id: message.webhookId }),
    ...(message.interaction === undefined ? {} : { interaction_metadata: message.interaction }),
  };
}

/** An attachment as Discord's API answers it, served by the fake. */
export function toApiAttachment(
  attachment: StoredAttachment,
  origin: string,
  channelId: string,
): APIAttachment {
  const url = attachmentUrl(origin, channelId, attachment);
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.bytes.length,
    url,
    proxy_url: url,
    content_type: attachment.contentType,
    ...pngSize(attachment.bytes),
    ...(attachment.description === undefined ? {} : { description: attachment.description }),
  };
}

/** The message as a test reads it: what the user sees. */
export function toFakeMessage(message: StoredMessage, origin: string): FakeMessage {
  return {
    id: message.id,
    channelId: message.channelId,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    buttons: listButtons(message.components),
    attachments: message.attachments.map((a): FakeAttachment => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.bytes.length,
      bytes: a.bytes,
      url: attachmentUrl(origin, message.channelId, a),
      ...(a.description === undefined ? {} : { description: a.description }),
    })),
    flags: message.flags,
    ephemeral: (message.flags & messageFlags.ephemeral) !== 0,
    loading: (message.flags & messageFlags.loading) !== 0,
    allowedMentions: message.allowedMentions,
    editCount: message.editCount,
    deleted: message.deletedAt !== null,
  };
}
