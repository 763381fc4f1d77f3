import type { FakeMessage } from "./types.ts";

/** Fields a post supplies; the store assigns `ts`. */
export type NewMessage = Omit<FakeMessage, "ts">;

/** Changes `chat.update` may apply. */
export type MessageChanges = Partial<Pick<FakeMessage, "text" | "blocks" | "attachments">>;

/** The messages of every channel as users would see them now. */
export interface MessageStore {
  post(message: NewMessage): FakeMessage;
  find(channel: string, ts: string): FakeMessage | undefined;
  update(channel: string, ts: string, changes: MessageChanges, editedTs: string): FakeMessage | undefined;
  remove(channel: string, ts: string): boolean;
  /** Takes a deleted file off every message; a message left with nothing to show is removed. */
  dropFile(fileId: string): void;
  messagesIn(channel: string, threadTs?: string): FakeMessage[];
  ephemeralsFor(channel: string, user: string): FakeMessage[];
}

/** Creates an empty store; `newTs` stamps each posted message. */
export function createMessageStore(newTs: () => string): MessageStore {
  // Kept in posting order, which is `ts` order because `newTs` only grows.
  const messages: FakeMessage[] = [];
  const find = (channel: string, ts: string): FakeMessage | undefined =>
    messages.find((m) => m.channel === channel && m.ts === ts && m.ephemeral_to === undefined);
  return {
    post(message) {
      const stored: FakeMessage = { ...message, ts: newTs() };
      messages.push(stored);
      return structuredClone(stored);
    },
    find(channel, ts) {
      const found = find(channel, ts);
      return found === undefined ? undefined : structuredClone(found);
    },
    update(channel, ts, changes, editedTs) {
      const found = find(channel, ts);
      if (found === undefined) return undefined;
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) Object.assign(found, { [key]: value });
      }
      found.edited = { user: found.user, ts: editedTs };
      return structuredClone(found);
    },
    remove(channel, ts) {
      const found = find(channel, ts);
      if (found === undefined) return false;
      messages.splice(messages.indexOf(found), 1);
      return true;
    },
    dropFile(fileId) {
      for (const message of [...messages]) {
        if (!message.files?.some((file) => file.id === fileId)) continue;
        message.files = message.files.filter((file) => file.id !== fileId);
        if (message.files.length > 0) continue;
        delete message.files;
        if (message.text === "" && message.blocks === undefined && message.attachments === undefined) {
          messages.splice(messages.indexOf(message), 1);
        }
      }
    },
    messagesIn(channel, threadTs) {
      return structuredClone(
        messages.filter(
          (m) =>
            m.channel === channel &&
            m.ephemeral_to === undefined &&
            (threadTs === undefined || m.ts === threadTs || m.thread_ts === threadTs),
        ),
      );
    },
    ephemeralsFor(channel, user) {
      return structuredClone(messages.filter((m) => m.channel === channel && m.ephemeral_to === user));
    },
  };
}
