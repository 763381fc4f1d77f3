import type { APIMessageInteractionMetadata } from "discord.js";
import { resolveAttachments, type StoredAttachment } from "./attachments.ts";
import { discordErrors } from "./discord-errors.ts";
import type { MessageInput } from "./message-input.ts";
import type { Outcome } from "./rest-types.ts";
import type { RecordedFile } from "./recorded-call.ts";

/** Message flags the fake gives meaning to. */
export const messageFlags = {
  suppressEmbeds: 1 << 2,
  ephemeral: 1 << 6,
  loading: 1 << 7,
  suppressNotifications: 1 << 12,
  isComponentsV2: 1 << 15,
};

/** A message as the fake keeps it. */
export interface StoredMessage {
  id: string;
  channelId: string;
  /** Message type: 0 default, 20 chat-input command response. */
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  allowedMentions: unknown;
  /** Set on interaction responses: the application id. */
  webhookId?: string;
  interaction?: APIMessageInteractionMetadata;
  createdAt: Date;
  editedAt: Date | null;
  editCount: number;
}

/** How a message comes to be, besides its body. */
export interface NewMessage {
  channelId: string;
  type: number;
  /** Flags the platform sets (loading of a deferred reply). */
  flags?: number;
  webhookId?: string;
  interaction?: APIMessageInteractionMetadata;
  /** A deferred reply's placeholder may be empty; nothing else may. */
  allowEmpty?: boolean;
}

/** Every message the bot made, by id. */
export interface MessageStore {
  create(
    init: NewMessage,
    input: MessageInput,
    files: RecordedFile[],
    limitBytes: number,
  ): Outcome<StoredMessage>;
  edit(
    message: StoredMessage,
    input: MessageInput,
    files: RecordedFile[],
    limitBytes: number,
  ): Outcome<StoredMessage>;
  /** The message, unless it never existed or was deleted. */
  get(id: string): StoredMessage | undefined;
  remove(id: string): void;
  /** Messages of a channel, oldest first. */
  inChannel(channelId: string): StoredMessage[];
  /** An attachment of any live message, for serving its bytes. */
  attachment(id: string): StoredAttachment | undefined;
}

/** Creates an empty store; `newId` makes message and attachment ids. */
export function createMessageStore(newId: () => string): MessageStore {
  const messages = new Map<string, StoredMessage>();
  return {
    create(init, input, files, limitBytes) {
      const attachments = resolveAttachments({
        existing: [],
        refs: input.attachments,
        files,
        limitBytes,
        newId,
      });
      if (!attachments.ok) return attachments;
      const settable =
        messageFlags.suppressEmbeds |
        messageFlags.suppressNotifications |
        messageFlags.isComponentsV2 |
        (init.interaction === undefined ? 0 : messageFlags.ephemeral);
      const message: StoredMessage = {
        id: newId(),
        channelId: init.channelId,
        type: init.type,
        content: input.content ?? "",
        embeds: input.embeds ?? [],
        components: input.components ?? [],
        attachments: attachments.value,
        flags: ((input.flags ?? 0) & settable) | (init.flags ?? 0),
        allowedMentions: input.allowedMentions,
        ...(init.webhookId === undefined ? {} : { webhookId: init.webhookId }),
        ...(init.interaction === undefined ? {} : { interaction: init.interaction }),
        createdAt: new Date(),
        editedAt: null,
        editCount: 0,
      };
      if (!init.allowEmpty && isEmpty(message)) return { ok: false, reply: discordErrors.emptyMessage() };
      messages.set(message.id, message);
      return { ok: true, value: message };
    },
    edit(message, input, files, limitBytes) {
      const attachments = resolveAttachments({
        existing: message.attachments,
        refs: input.attachments,
        files,
        limitBytes,
        newId,
      });
      if (!attachments.ok) return attachments;
      const suppress = (input.flags ?? message.flags) & messageFlags.suppressEmbeds;
      const edited: StoredMessage = {
        ...message,
        content: input.content === undefined ? message.content : (input.content ?? ""),
        embeds: input.embeds === undefined ? message.embeds : (input.embeds ?? []),
        components: input.components === undefined ? message.components : (input.components ?? []),
        attachments: attachments.value,
        // An edit ends the "thinking…" state; only suppress-embeds can be switched, and
        // components v2 switched on.
        flags:
          (message.flags & ~(messageFlags.suppressEmbeds | messageFlags.loading)) |
          suppress |
          ((input.flags ?? 0) & messageFlags.isComponentsV2),
        allowedMentions: "allowedMentions" in input ? input.allowedMentions : message.allowedMentions,
        editedAt: new Date(),
        editCount: message.editCount + 1,
      };
      if (isEmpty(edited)) return { ok: false, reply: discordErrors.emptyMessage() };
      messages.set(edited.id, edited);
      return { ok: true, value: edited };
    },
    get: (id) => messages.get(id),
    remove: (id) => void messages.delete(id),
    inChannel: (channelId) => [...messages.values()].filter((m) => m.channelId === channelId),
    attachment(id) {
      for (const message of messages.values()) {
        const found = message.attachments.find((attachment) => attachment.id === id);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}

function isEmpty(message: StoredMessage): boolean {
  return (
    message.content === "" &&
    message.embeds.length === 0 &&
    message.components.length === 0 &&
    message.attachments.length === 0
  );
}
