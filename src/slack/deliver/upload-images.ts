import type { webApi } from "@slack/bolt";
import { extensionFor } from "../../core/provider/images.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";
import type { SendFileBytes } from "./create-file-sender.ts";

/** Slack's limit for a file's alt text. */
const maxAltTextLength = 1000;

export interface ImageUpload {
  readonly channelId: string;
  readonly threadTs: string;
  readonly images: readonly ImageData[];
  /** Shown as the message's text (already escaped). */
  readonly comment: string;
  /** Read by screen readers; the plain prompt. */
  readonly altText: string;
}

/** A file uploaded, to share in the message. */
interface SharedFile {
  readonly id: string;
  readonly title: string;
}

/**
 * Posts the images as one message in the thread through the steps of `files.uploadV2`: an upload
 * URL per image, a POST of its bytes, then one `files.completeUploadExternal` sharing them all,
 * named `imagine-1.png`, `imagine-2.png`, …, and answers their file ids (what `files.delete` takes).
 * @throws the WebClient's (or `send`'s) error when any step fails.
 */
export async function uploadImages(
  client: Pick<webApi.WebClient, "files">,
  send: SendFileBytes,
  upload: ImageUpload,
): Promise<readonly string[]> {
  const altText = clampText(upload.altText, maxAltTextLength);
  const named = upload.images.map((image, index) => ({
    image,
    filename: `imagine-${index + 1}.${extensionFor(image.mimeType)}`,
  }));
  // Step by step for all the images at once, as the WebClient's `filesUploadV2` does.
  const granted = await Promise.all(
    named.map(async ({ image, filename }) => {
      const answer = await client.files.getUploadURLExternal({
        filename,
        length: image.bytes.length,
        alt_text: altText,
      });
      if (!answer.upload_url || !answer.file_id) {
        throw new Error("files.getUploadURLExternal answered without an upload_url or file_id");
      }
      const file: SharedFile = { id: answer.file_id, title: filename };
      return { image, url: answer.upload_url, file };
    }),
  );
  await Promise.all(granted.map(({ image, url }) => send(url, image.bytes)));
  const files = granted.map(({ file }) => file);
  await client.files.completeUploadExternal({
    // A completed job has at least one image.
    files: files as [SharedFile, ...SharedFile[]],
    channel_id: upload.channelId,
    thread_ts: upload.threadTs,
    // Shared as the message's text, so Slack's cap on text applies to it.
    initial_comment: toSlackText(upload.comment),
  });
  return files.map((file) => file.id);
}
