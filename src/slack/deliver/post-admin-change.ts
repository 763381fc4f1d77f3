import type { webApi } from "@slack/bolt";
import type { SettingChangeEntry } from "../../core/settings/administer.ts";
import { describeSettingChange } from "../../core/settings/describe-settings.ts";
import { english } from "../../core/i18n/messages.ts";
import { adminWordsOnSlack } from "../render/admin-words.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/** Posts a change of settings made in chat in the workspace's mod-log channel, in English. */
export async function postSettingChange(
  client: Pick<webApi.WebClient, "chat">,
  entry: SettingChangeEntry,
): Promise<void> {
  await client.chat.postMessage({
    channel: entry.modlogChannelId,
    text: toSlackText(`:gear: ${describeSettingChange(entry, adminWordsOnSlack, english)}`),
    unfurl_links: false,
    unfurl_media: false,
  });
}
