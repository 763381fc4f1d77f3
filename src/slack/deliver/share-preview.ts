import type { webApi } from "@slack/bolt";
import { extensionFor } from "../../core/provider/images.ts";
import type { ImageData } from "../../core/provider/types.ts";
import type { SendFileBytes } from "./create-file-sender.ts";

/** How long the bot waits for Slack to report a preview shared: `tries` looks, doubling apart. */
export interface ShareWait {
  readonly tries: number;
  readonly firstDelayMs: number;
}

export interface PreviewShare {
  /** Calls that may fail fast: no retries, a rate limit rejected rather than waited out. */
  readonly client: Pick<webApi.WebClient, "files" | "chat">;
  readonly send: SendFileBytes;
  readonly channelId: string;
  readonly threadTs: string;
  readonly image: ImageData;
  /** The file's title and its alt text for screen readers, in the asker's language. */
  readonly title: string;
  readonly altText: string;
  readonly wait: ShareWait;
  /** Told the file's id as soon as Slack grants it, so a failure later still lets it be deleted. */
  readonly onFile: (fileId: string) => void;
}

/** Why a preview could not be shared; the job goes on with text progress. */
export class PreviewNotShared extends Error {
  readonly code = "not_shared_in_time";
  constructor(fileId: string) {
    super(`the preview ${fileId} was not reported shared in time`);
    this.name = "PreviewNotShared";
  }
}

/** The share messages Slack lists for a file in one channel (public or private). */
function sharesIn(file: unknown, channelId: string): readonly { ts?: string }[] {
  const shares = (file as { shares?: Record<string, Record<string, { ts?: string }[]>> }).shares;
  return shares?.["public"]?.[channelId] ?? shares?.["private"]?.[channelId] ?? [];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Makes a preview image something every member of the channel can see in an `image` block: a
 * file the bot completes without a channel stays private to it, and Slack refuses (or draws as
 * missing) a `slack_file` its reader cannot open. So the preview is completed into the job's
 * thread, the bot waits until `files.info` lists that share (Slack records it a moment after
 * the upload), then deletes the message the share made: the file stays shared, the thread keeps
 * only the bot's progress message. Answers the file's id.
 * @throws the WebClient's error when a call fails, {@link PreviewNotShared} when the share never shows.
 */
export async function sharePreview(share: PreviewShare): Promise<string> {
  const { client, channelId, image } = share;
  const granted = await client.files.getUploadURLExternal({
    filename: `preview.${extensionFor(image.mimeType)}`,
    length: image.bytes.length,
    alt_text: share.altText,
  });
  if (!granted.upload_url || !granted.file_id) {
    throw new Error("files.getUploadURLExternal answered without an upload_url or file_id");
  }
  const fileId = granted.file_id;
  share.onFile(fileId);
  await share.send(granted.upload_url, image.bytes);
  await client.files.completeUploadExternal({
    files: [{ id: fileId, title: share.title }],
    channel_id: channelId,
    thread_ts: share.threadTs,
  });
  let delayMs = share.wait.firstDelayMs;
  for (let look = 1; look <= share.wait.tries; look++) {
    const { file } = await client.files.info({ file: fileId });
    const shareTs = sharesIn(file, channelId).find((each) => each.ts)?.ts;
    if (shareTs !== undefined) {
      await client.chat.delete({ channel: channelId, ts: shareTs });
      return fileId;
    }
    if (look < share.wait.tries) await pause(delayMs);
    delayMs *= 2;
  }
  throw new PreviewNotShared(fileId);
}
