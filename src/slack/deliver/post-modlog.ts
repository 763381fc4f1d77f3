import type { webApi } from "@slack/bolt";
import type { ModerationEntry } from "../../core/moderation/moderation-entry.ts";
import { renderModlogLine } from "../render/render-modlog-line.ts";
import { escapeSlackText } from "../render/escape-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/** Posts a sentence for moderators in a channel, escaped so that it links and notifies nothing. */
export async function postNotice(
  client: Pick<webApi.WebClient, "chat">,
  channelId: string,
  text: string,
): Promise<void> {
  await client.chat.postMessage({
    channel: channelId,
    text: toSlackText(escapeSlackText(text)),
    unfurl_links: false,
  });
}

/** Posts a refusal for moderation in the mod-log channel; links in it are not unfurled. */
export async function postModlog(
  client: Pick<webApi.WebClient, "chat">,
  entry: ModerationEntry,
): Promise<void> {
  await client.chat.postMessage({
    channel: entry.modlogChannelId,
    text: toSlackText(renderModlogLine(entry)),
    unfurl_links: false,
    unfurl_media: false,
  });
}
