import type { APIMessageInteractionMetadata, APIUser } from "discord.js";
import { resolveAttachments, type StoredAttachment } from "./attachments.ts";
import { discordErrors } from "./discord-errors.ts";
import { messageFlags } from "./message-flags.ts";
import type { MessageInput } from "./message-input.ts";
import type { Outcome } from "./rest-types.ts";
import type { RecordedFile } from "./recorded-call.ts";

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
  /** A user who wrote it; the bot when absent. */
  author?: APIUser;
  createdAt: Date;
  editedAt: Date | null;
  editCount: number;
  /** When the bot deleted it; `null` while it is live. */
  deletedAt: Date | null;
}

/** How a message comes to be, besides its body. */
export interface NewMessage {
  channelId: string;
  type: number;
  /** Flags the platform sets (loading of a deferred reply). */
  flags?: number;
  webhookId?: string;
  interaction?: APIMessageInteractionMetadata;
  /** A user who wrote it; the bot when absent. */
  author?: APIUser;
  /** A deferred reply's placeholder may be empty; nothing else may. */
  allowEmpty?: boolean;
  /** An interaction's follow-up may be ephemeral, as its response may; a channel message may not. */
  ephemeralAllowed?: boolean;
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
  /** The message, deleted or not; `undefined` when it never existed. */
  find(id: string): StoredMessage | undefined;
  /** Marks a live message deleted. */
  remove(id: string): void;
  /** Live messages of a channel, oldest first. */
  inChannel(channelId: string): StoredMessage[];
  /** An attachment of any live message, for serving its bytes. */
  attachment(id: string): StoredAttachment | undefined;
}

/**
 * Creates an empty store; `newId` makes message and attachment ids, `now` (the fake's clock)
 * stamps creations, edits and deletions.
 */
export function createMessageStore(newId: () => string, now: () => number): MessageStore {
  const messages = new Map<string, StoredMessage>();
  const live = (message: StoredMessage | undefined) => (message?.deletedAt === null ? message : undefined);
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
        (init.interaction === undefined && init.ephemeralAllowed !== true ? 0 : messageFlags.ephemeral);
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
        ...(init.author === undefined ? {} : { author: init.author }),
        createdAt: new Date(now()),
        editedAt: null,
        editCount: 0,
        deletedAt: null,
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
        editedAt: new Date(now()),
        editCount: message.editCount + 1,
      };
      if (isEmpty(edited)) return { ok: false, reply: discordErrors.emptyMessage() };
      messages.set(edited.id, edited);
      return { ok: true, value: edited };
    },
    get: (id) => live(messages.get(id)),
    find: (id) => messages.get(id),
    remove(id) {
      const message = live(messages.get(id));
      if (message !== undefined) messages.set(id, { ...message, deletedAt: new Date(now()) });
    },
    inChannel: (channelId) =>
      [...messages.values()].filter((m) => m.channelId === channelId && m.deletedAt === null),
    attachment(id) {
      for (const message of messages.values()) {
        if (message.deletedAt !== null) continue;
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
