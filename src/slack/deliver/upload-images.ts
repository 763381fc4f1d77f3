import type { webApi } from "@slack/bolt";
import { extensionFor } from "../../core/provider/images.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";

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

/**
 * Posts the images as one message in the thread through `files.uploadV2` (upload URL, POST of the
 * bytes, complete), named `imagine-1.png`, `imagine-2.png`, …
 * @throws the WebClient's error when any step fails.
 */
export async function uploadImages(
  client: Pick<webApi.WebClient, "filesUploadV2">,
  upload: ImageUpload,
): Promise<void> {
  await client.filesUploadV2({
    channel_id: upload.channelId,
    thread_ts: upload.threadTs,
    // Shared as the message's text, so Slack's cap on text applies to it.
    initial_comment: toSlackText(upload.comment),
    file_uploads: upload.images.map((image, index) => ({
      file: image.bytes,
      filename: `imagine-${index + 1}.${extensionFor(image.mimeType)}`,
      alt_text: clampText(upload.altText, maxAltTextLength),
    })),
  });
}
