import type { APIUser } from "discord.js";
import type { FakeModal } from "./fake-modal.ts";

/** Interaction types the fake sends: 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
export type InteractionType = 2 | 3 | 4 | 5;

/** What the fake remembers of an interaction it sent, to judge the calls made with its token. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  /** The command, for types 2 and 4. */
  commandName?: string;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  attachmentSizeLimit: number;
  /** When it was sent, by the fake's clock: the token's age is measured from here. */
  createdAt: number;
  /** Made stale by the test. */
  expired: boolean;
  /** The message a button was clicked on, or that a submitted modal was opened from. */
  messageId?: string;
  /** The callback type it was answered with; `undefined` while unanswered. */
  callbackType?: number;
  /** The `@original` message, once a callback made or named one. */
  originalMessageId?: string;
  followupIds: string[];
  /** The modal a type 9 callback showed. */
  modal?: FakeModal;
}

/** Interactions by token. */
export interface InteractionRegistry {
  add(record: InteractionRecord): void;
  byToken(token: string): InteractionRecord | undefined;
  /** Every interaction, newest first. */
  newestFirst(): InteractionRecord[];
}

/** Creates an empty registry. */
export function createInteractionRegistry(): InteractionRegistry {
  const byToken = new Map<string, InteractionRecord>();
  return {
    add: (record) => void byToken.set(record.token, record),
    byToken: (token) => byToken.get(token),
    newestFirst: () => [...byToken.values()].reverse(),
  };
}
