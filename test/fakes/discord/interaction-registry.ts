import type { APIUser } from "discord.js";

/** What the fake remembers of an interaction it sent, to judge the calls made with its token. */
export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 application command, 4 autocomplete. */
  type: 2 | 4;
  commandName: string;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  attachmentSizeLimit: number;
  expired: boolean;
  /** The callback type it was answered with; `undefined` while unanswered. */
  callbackType?: number;
  /** The `@original` message, once a callback made one. */
  originalMessageId?: string;
  followupIds: string[];
}

/** Interactions by token. */
export interface InteractionRegistry {
  add(record: InteractionRecord): void;
  byToken(token: string): InteractionRecord | undefined;
}

/** Creates an empty registry. */
export function createInteractionRegistry(): InteractionRegistry {
  const byToken = new Map<string, InteractionRecord>();
  return {
    add: (record) => void byToken.set(record.token, record),
    byToken: (token) => byToken.get(token),
  };
}
