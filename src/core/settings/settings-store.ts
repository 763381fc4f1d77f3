/**
 * One setting an admin made in chat: a value (`cooldown_seconds` = `30`) or an access entry
 * (`channel:C1` = `allow`), for a guild or workspace (`discord:G1`) or one of its channels
 * (`discord:G1:C1`).
 */
export interface StoredSetting {
  readonly scope: string;
  readonly key: string;
  readonly value: string;
  /** Who made it, as the policy file writes users (`discord:123`). */
  readonly changedBy: string;
  readonly changedAt: number;
}

/** A change of one setting: a new value, or none (the setting is removed). */
export interface SettingChange {
  readonly scope: string;
  readonly key: string;
  readonly value: string | undefined;
  readonly changedBy: string;
  readonly changedAt: number;
}

/** The settings made in chat, as a Store keeps them: durable, and shared by every process on it. */
export interface SettingsStore {
  /** Every setting of these scopes. */
  settingsIn(scopes: readonly string[]): Promise<StoredSetting[]>;
  /** Writes (or removes) one setting in one step; answers the value it replaced, if any. */
  changeSetting(change: SettingChange): Promise<string | undefined>;
}
