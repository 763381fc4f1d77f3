/** A guild as a test describes it; everything left out gets a plausible default. */
export interface FakeGuild {
  id: string;
  /** Default `"Fake Guild"`. */
  name?: string;
  /** Default `"800000000000000009"` (not the bot, not the default user). */
  ownerId?: string;
  /** Default: one text channel named `general`. */
  channels?: FakeChannel[];
  /** Active threads. Default: none. */
  threads?: FakeThread[];
  /** Roles besides `@everyone` (whose id is the guild id and is always added). Default: none. */
  roles?: FakeRole[];
}

/** A guild channel. */
export interface FakeChannel {
  id: string;
  /** Default `"channel-<id>"`. */
  name?: string;
  /** Channel type: 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: 0 | 2 | 4 | 5 | 15;
  /** The category it sits in. */
  parentId?: string;
}

/** An active thread of a guild. */
export interface FakeThread {
  id: string;
  /** Default `"thread-<id>"`. */
  name?: string;
  /** The channel the thread belongs to. */
  parentId: string;
  /** 11 public thread (default), 12 private thread, 10 announcement thread. */
  type?: 10 | 11 | 12;
}

/** A guild role. */
export interface FakeRole {
  id: string;
  /** Default `"role-<id>"`. */
  name?: string;
  /** Permission bit set as a decimal string. Default `"0"`. */
  permissions?: string;
}
