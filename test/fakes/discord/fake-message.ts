/** A file on a message, as a user would download it. */
export interface FakeAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  /** Where the fake serves the bytes. */
  url: string;
  description?: string;
}

/** A message as a user sees it now, after every edit. */
export interface FakeMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: FakeAttachment[];
  flags: number;
  /** Only the invoking user sees it (flag 64). */
  ephemeral: boolean;
  /** Still the "Bot is thinking…" placeholder of a deferred reply (flag 128). */
  loading: boolean;
  /** The last `allowed_mentions` sent for it; `undefined` when never sent. */
  allowedMentions: unknown;
  /** How many edits it received. */
  editCount: number;
}
