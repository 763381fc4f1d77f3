import type { AdminCommand } from "../../core/settings/administer.ts";
import type { MessageKey, MessageValues } from "../../core/i18n/messages.ts";
import { isSettingKey, readChannelId, settingKeys } from "../../core/settings/setting-keys.ts";

/**
 * `/imagine admin …`, in any case, when a command word follows (or nothing): the words after it are
 * the admin's command. A prompt that merely starts with "admin" ("admin panel in neon") stays a prompt.
 */
export const adminPrefix = /^admin(?:\s+(?=(?:show|channel|usergroup|group|user|set|unset|help)\b)|\s*$)/i;

/** Why the words are not a command, with the sentence to say. */
export interface AdminMisuse {
  readonly problem: { readonly key: MessageKey; readonly values?: MessageValues };
}

const usage: AdminMisuse = { problem: { key: "admin:slack.usage" } };

/** A user group as Slack escapes it (`<!subteam^S123|@designers>`), or its bare id. */
function readGroupId(text: string): string | undefined {
  const mention = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(text);
  if (mention) return mention[1];
  return /^S[A-Z0-9]{4,}$/.test(text) ? text : undefined;
}

/** A person as Slack escapes them (`<@U123|alice>`), or their bare id. */
function readUserId(text: string): string | undefined {
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(text);
  if (mention) return mention[1];
  return /^[UW][A-Z0-9]{4,}$/.test(text) ? text : undefined;
}

const access = ["allow", "deny", "reset"] as const;
const isAccess = (word: string | undefined): word is (typeof access)[number] =>
  (access as readonly string[]).includes(word ?? "");

/**
 * The admin command in the words after `/imagine admin`: `show [#channel]`, `channel allow|deny|reset
 * #channel`, `usergroup allow|deny|reset @group`, `user block|unblock @person`, `set <key> <value>
 * [#channel]`, `unset <key> [#channel]`. Channels, groups and people are Slack's escaped mentions
 * (the slash command escapes them) or bare ids.
 */
export function parseAdminCommand(text: string): AdminCommand | AdminMisuse {
  const [verb = "", ...rest] = text.trim().split(/\s+/).filter(Boolean);
  const word = verb.toLowerCase();
  const action = rest[0]?.toLowerCase();
  const target = rest[1] ?? "";
  const channelProblem = (value: string): AdminMisuse => ({
    problem: { key: "admin:problems.channel", values: { value } },
  });
  switch (word) {
    case "show": {
      if (rest.length === 0) return { kind: "show" };
      const channelId = readChannelId(rest[0] ?? "");
      return channelId ? { kind: "show", channelId } : channelProblem(rest[0] ?? "");
    }
    case "channel": {
      if (!isAccess(action) || rest.length !== 2) return usage;
      const channelId = readChannelId(target);
      return channelId ? { kind: "channel", action, channelId } : channelProblem(target);
    }
    case "usergroup":
    case "group": {
      if (!isAccess(action) || rest.length !== 2) return usage;
      const groupId = readGroupId(target);
      return groupId
        ? { kind: "group", action, groupId }
        : { problem: { key: "admin:problems.group.slack", values: { value: target } } };
    }
    case "user": {
      if ((action !== "block" && action !== "unblock") || rest.length !== 2) return usage;
      const userId = readUserId(target);
      return userId
        ? { kind: "user", action, userId }
        : { problem: { key: "admin:problems.user", values: { value: target } } };
    }
    case "set":
    case "unset": {
      const [key, ...values] = rest;
      // Nothing after `set`: the usage, rather than "" is not a setting.
      if (key === undefined) return usage;
      if (!isSettingKey(key)) {
        return {
          problem: { key: "admin:problems.unknownKey", values: { value: key, keys: settingKeys.join(", ") } },
        };
      }
      const last = values.at(-1);
      const minimum = word === "set" ? 2 : 1;
      const channelId = last !== undefined && values.length >= minimum ? readChannelId(last) : undefined;
      const value = (channelId ? values.slice(0, -1) : values).join(" ");
      if (word === "unset")
        return values.length > (channelId ? 1 : 0)
          ? usage
          : { kind: "unset", key, ...(channelId && { channelId }) };
      if (value === "") return usage;
      return { kind: "set", key, value, ...(channelId && { channelId }) };
    }
    default:
      return usage;
  }
}
