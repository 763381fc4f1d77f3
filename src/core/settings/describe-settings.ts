import type { Platform } from "../policy/actor.ts";
import type { Messages } from "../i18n/messages.ts";
import type { AdminAnswer, AdminChange, AdminTarget, SettingChangeEntry } from "./administer.ts";
import type { PlaceSettings, Sourced } from "./resolve-place.ts";
import { parseStored, settingKeys, type SettingKey } from "./setting-keys.ts";

/** How a platform writes what admin answers name: mentions (which ping nobody here) and code. */
export interface AdminWords {
  readonly platform: Platform;
  readonly bold: (text: string) => string;
  readonly code: (text: string) => string;
  readonly channel: (id: string) => string;
  /** A Discord role or a Slack user group. */
  readonly group: (id: string) => string;
  readonly user: (id: string) => string;
}

const budgets: ReadonlySet<SettingKey> = new Set([
  "budget_per_user_daily_usd",
  "budget_per_workspace_monthly_usd",
]);

/** A value as an admin reads it: 0 is "no limit", dollars as dollars, a channel as its mention. */
function valueText(key: SettingKey, value: unknown, words: AdminWords, messages: Messages): string {
  if (value === undefined || value === "") {
    return messages.t(key === "modlog_channel" ? "admin:value.nowhere" : "admin:value.notSet");
  }
  if (typeof value === "boolean") return messages.t(value ? "admin:value.on" : "admin:value.off");
  if (typeof value === "number") {
    if (value === 0) return messages.t("admin:value.unlimited");
    return budgets.has(key) ? messages.usd(value) : messages.number(value);
  }
  return key === "modlog_channel" ? words.channel(String(value)) : words.code(String(value));
}

/** A stored value (text) as an admin reads it; none reads as in `show` ("nowhere" for the mod-log). */
function storedText(key: SettingKey, text: string | undefined, words: AdminWords, messages: Messages) {
  return valueText(key, text === undefined ? undefined : parseStored(key, text), words, messages);
}

function sourceText({ source }: Sourced, platform: Platform, messages: Messages): string {
  return source === "workspace"
    ? messages.t(`admin:source.workspace.${platform}`)
    : messages.t(`admin:source.${source}`);
}

function targetText(target: AdminTarget, words: AdminWords): string {
  switch (target.kind) {
    case "setting":
      return words.code(target.key);
    case "channel":
      return words.channel(target.id);
    case "group":
      return words.group(target.id);
    case "user":
      return words.user(target.id);
  }
}

/** The access lines: where and for whom, and who is blocked, with chat's own entries. */
function accessLines(place: PlaceSettings, words: AdminWords, messages: Messages): string[] {
  const { platform } = words;
  const list = (ids: readonly string[], mention: (id: string) => string) => ids.map(mention).join(", ");
  const access = place.access;
  const lines: string[] = [];
  const allowedChannels = access?.allowedChannelIds ?? [];
  lines.push(
    allowedChannels.length === 0
      ? messages.t("admin:show.everyChannel")
      : messages.t("admin:show.onlyChannels", { channels: list(allowedChannels, words.channel) }),
  );
  const deniedChannels = access?.deniedChannelIds ?? [];
  if (deniedChannels.length > 0) {
    lines.push(messages.t("admin:show.deniedChannels", { channels: list(deniedChannels, words.channel) }));
  }
  const allowedGroups = access?.allowedGroupIds ?? [];
  lines.push(
    allowedGroups.length === 0
      ? messages.t(`admin:show.everyone.${platform}`)
      : messages.t(`admin:show.onlyGroups.${platform}`, { groups: list(allowedGroups, words.group) }),
  );
  const deniedGroups = access?.deniedGroupIds ?? [];
  if (deniedGroups.length > 0) {
    lines.push(
      messages.t(`admin:show.deniedGroups.${platform}`, { groups: list(deniedGroups, words.group) }),
    );
  }
  if (place.blockedUserIds.length > 0) {
    lines.push(messages.t("admin:show.blocked", { users: list(place.blockedUserIds, words.user) }));
  }
  const entries = [
    ...[...place.chat.channels].map(([id, entry]) =>
      messages.t(`admin:entry.${entry}`, { target: words.channel(id) }),
    ),
    ...[...place.chat.groups].map(([id, entry]) =>
      messages.t(`admin:entry.${entry}`, { target: words.group(id) }),
    ),
    ...place.chat.users.map((id) => messages.t("admin:entry.block", { target: words.user(id) })),
  ];
  if (entries.length > 0) lines.push(messages.t("admin:show.setHere", { entries: entries.join("; ") }));
  return lines;
}

/**
 * A change in one sentence: to the admin who made it (`changed`), or for the mod-log, naming who
 * made it (`modlog`). Both catalogues hold the same kinds of sentence.
 */
function changeSentence(
  change: AdminChange,
  words: AdminWords,
  messages: Messages,
  told: { readonly to: "changed" } | { readonly to: "modlog"; readonly who: string },
): string {
  const { target } = change;
  const who: Record<string, string> = told.to === "modlog" ? { who: told.who } : {};
  if (target.kind === "setting") {
    const values = {
      ...who,
      key: words.code(target.key),
      from: storedText(target.key, change.from, words, messages),
      to: storedText(target.key, change.to, words, messages),
    };
    return change.channelId
      ? messages.t(`admin:${told.to}.settingChannel`, { ...values, channel: words.channel(change.channelId) })
      : messages.t(`admin:${told.to}.setting`, values);
  }
  const action = change.to ?? (target.kind === "user" ? "unblock" : "reset");
  const key =
    action === "allow" || action === "deny" || action === "block" || action === "unblock" ? action : "reset";
  return messages.t(`admin:${told.to}.${key}`, { ...who, target: targetText(target, words) });
}

/** An admin command's answer: what changed, then everything now in force there and where it comes from. */
export function describeAdminAnswer(answer: AdminAnswer, words: AdminWords, messages: Messages): string {
  const { place, channelId, change } = answer;
  const title = channelId
    ? messages.t("admin:show.titleChannel", { channel: words.channel(channelId) })
    : messages.t(`admin:show.title.${words.platform}`);
  const lines = [
    ...(change
      ? [
          change.from === change.to
            ? messages.t("admin:changed.same")
            : changeSentence(change, words, messages, { to: "changed" }),
        ]
      : []),
    words.bold(title),
    ...accessLines(place, words, messages),
    ...settingKeys
      .filter((key) => key !== "spoilers" || words.platform === "discord")
      .map((key) => {
        const sourced = place.values[key];
        const values = {
          key: words.code(key),
          value: valueText(key, sourced.value, words, messages),
          source: sourceText(sourced, words.platform, messages),
        };
        return messages.t(place.locked.has(key) ? "admin:show.valueLocked" : "admin:show.value", values);
      }),
  ];
  const lockedLists = [...place.locked].filter((name) => !(settingKeys as readonly string[]).includes(name));
  if (lockedLists.length > 0) lines.push(messages.t("admin:show.locked", { keys: lockedLists.join(", ") }));
  return lines.join("\n");
}

/** A change of settings as its mod-log line: who changed what, from what to what. */
export function describeSettingChange(
  entry: SettingChangeEntry,
  words: AdminWords,
  messages: Messages,
): string {
  return changeSentence(entry.change, words, messages, { to: "modlog", who: words.user(entry.userId) });
}
