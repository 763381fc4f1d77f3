import type { Platform } from "../policy/actor.ts";
import type { MessageKey, MessageValues } from "../i18n/messages.ts";
import { findModel, matchSize, sizeChoices } from "../requests/models.ts";

/** The values an admin may set in chat (`/imagine-admin set <key> <value>`). */
export const settingKeys = [
  "cooldown_seconds",
  "daily_limit_per_user",
  "daily_limit_per_workspace",
  "max_queued_per_user",
  "default_model",
  "default_size",
  "default_quality",
  "spoilers",
  "modlog_channel",
  "budget_per_user_daily_usd",
  "budget_per_workspace_monthly_usd",
] as const;

export type SettingKey = (typeof settingKeys)[number];

/** A setting's value once checked: counts and dollars are numbers, switches booleans, names strings. */
export type SettingValue = number | string | boolean;

/**
 * The rules admins change one entry at a time (`channel allow #art`): the names an operator writes in
 * `lockedSettings:` to keep them out of chat, besides the setting keys.
 */
export const accessLists = ["channels", "roles", "usergroups", "users"] as const;

export type AccessList = (typeof accessLists)[number];

export const isSettingKey = (name: string): name is SettingKey =>
  (settingKeys as readonly string[]).includes(name);

/** A value that cannot be set, with the sentence saying why. */
export interface SettingProblem {
  readonly reason: { readonly key: MessageKey; readonly values?: MessageValues };
}

/** What a value is checked against: the models the operator enabled, and the model in force. */
export interface SettingCheck {
  readonly platform: Platform;
  readonly models: readonly string[];
  /** The default model where the value would apply, for checking a size or a quality. */
  readonly model: string;
}

/** Keys that speak of the whole guild or workspace: a channel cannot have its own. */
const placeOnly: ReadonlySet<SettingKey> = new Set([
  "daily_limit_per_workspace",
  "budget_per_workspace_monthly_usd",
  "modlog_channel",
]);

/** Whether `key` may be set for one channel rather than the whole guild or workspace. */
export const settableForChannel = (key: SettingKey) => !placeOnly.has(key);

const problem = (key: MessageKey, values?: MessageValues): SettingProblem => ({
  reason: { key, ...(values && { values }) },
});

const maxCount = 1_000_000;

function wholeNumber(text: string): number | SettingProblem {
  if (!/^\d+$/.test(text) || Number(text) > maxCount) {
    return problem("admin:problems.wholeNumber", { value: text, max: maxCount });
  }
  return Number(text);
}

function dollars(text: string): number | SettingProblem {
  const cleaned = text.replace(/^\$/, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned) || Number(cleaned) > maxCount) {
    return problem("admin:problems.dollars", { value: text });
  }
  return Number(cleaned);
}

const yes = new Set(["on", "true", "yes", "1"]);
const no = new Set(["off", "false", "no", "0"]);

/** A channel as a person may write it: `<#C123>`, `<#C123|name>`, or the bare id. */
export function readChannelId(text: string): string | undefined {
  const mention = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(text);
  if (mention) return mention[1];
  return /^[A-Z0-9]{5,}$/i.test(text) && /\d/.test(text) ? text : undefined;
}

/**
 * Checks and normalises the value an admin typed for `key`.
 * @returns the value to store, or the problem to tell them (nothing is changed then).
 */
export function checkSetting(
  key: SettingKey,
  text: string,
  check: SettingCheck,
): SettingValue | SettingProblem {
  const value = text.trim();
  switch (key) {
    case "cooldown_seconds":
    case "daily_limit_per_user":
    case "daily_limit_per_workspace":
    case "max_queued_per_user":
      return wholeNumber(value);
    case "budget_per_user_daily_usd":
    case "budget_per_workspace_monthly_usd":
      return dollars(value);
    case "default_model":
      return check.models.includes(value)
        ? value
        : problem("admin:problems.model", { value, models: check.models.join(", ") });
    case "default_size": {
      const model = findModel(check.model);
      const size = model && matchSize(model, value);
      return (
        size ??
        problem("admin:problems.size", {
          value,
          model: check.model,
          sizes: model ? sizeChoices(model).join(", ") : "",
        })
      );
    }
    case "default_quality": {
      const qualities = findModel(check.model)?.qualities ?? [];
      const quality = value.toLowerCase();
      if (qualities.includes(quality)) return quality;
      return qualities.length === 0
        ? problem("admin:problems.noQuality", { value, model: check.model })
        : problem("admin:problems.quality", { value, model: check.model, qualities: qualities.join(", ") });
    }
    case "spoilers":
      if (check.platform !== "discord") return problem("admin:problems.noSpoilers");
      if (yes.has(value.toLowerCase())) return true;
      if (no.has(value.toLowerCase())) return false;
      return problem("admin:problems.onOff", { value });
    case "modlog_channel":
      return readChannelId(value) ?? problem("admin:problems.channel", { value });
  }
}

export const isSettingProblem = (value: SettingValue | SettingProblem): value is SettingProblem =>
  typeof value === "object";

/** A stored value back in its type (the store keeps text). */
export function parseStored(key: SettingKey, text: string): SettingValue {
  switch (key) {
    case "spoilers":
      return text === "true";
    case "default_model":
    case "default_size":
    case "default_quality":
    case "modlog_channel":
      return text;
    case "cooldown_seconds":
    case "daily_limit_per_user":
    case "daily_limit_per_workspace":
    case "max_queued_per_user":
    case "budget_per_user_daily_usd":
    case "budget_per_workspace_monthly_usd":
      return Number(text);
  }
}
