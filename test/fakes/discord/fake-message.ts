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

/** A button on a message. */
export interface FakeButton {
  /** 1 primary, 2 secondary, 3 success, 4 danger, 5 link, 6 premium. */
  style: number;
  /** `undefined` on a link button. */
  customId: string | undefined;
  label: string | undefined;
  /** As sent, e.g. `{ name: "🔁" }`; `undefined` when none. */
  emoji: unknown;
  /** A link button's address. */
  url: string | undefined;
  disabled: boolean;
}

/** A message as a user sees it now, after every edit. */
export interface FakeMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: unknown[];
  /** The `components` as last sent (action rows and what they hold). */
  components: unknown[];
  /** Every button in `components`, in order. */
  buttons: FakeButton[];
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
  /** Deleted by the bot; only `fake.message(id)` shows a deleted message. */
  deleted: boolean;
}
