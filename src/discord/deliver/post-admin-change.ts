import { Routes, type REST } from "discord.js";
import type { SettingChangeEntry } from "../../core/settings/administer.ts";
import { describeSettingChange } from "../../core/settings/describe-settings.ts";
import { english } from "../../core/i18n/messages.ts";
import { adminWordsOnDiscord } from "../render/admin-words.ts";
import { clampContent } from "../render/show-prompt.ts";

/** Posts a change of settings made in chat in the server's mod-log channel, pinging nobody. */
export async function postSettingChange(rest: REST, entry: SettingChangeEntry): Promise<void> {
  await rest.post(Routes.channelMessages(entry.modlogChannelId), {
    body: {
      content: clampContent(describeSettingChange(entry, adminWordsOnDiscord, english)),
      allowed_mentions: { parse: [] },
    },
  });
}
