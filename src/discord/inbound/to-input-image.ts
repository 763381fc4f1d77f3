import type { Attachment, Message } from "discord.js";
import type { InputImage } from "../../core/requests/input-image.ts";

/** File names Discord posts as images when it reports no content type. */
const imageName = /\.(png|jpe?g|webp|gif)$/i;

/**
 * Whether a file is posted as a picture. Only a first pick: whether it is one the bot can edit
 * is decided by its bytes once downloaded.
 */
export function isImageAttachment(attachment: Attachment): boolean {
  return attachment.contentType
    ? attachment.contentType.startsWith("image/")
    : imageName.test(attachment.name);
}

/** A message's first picture, the one Edit image and Vary edit; undefined when it has none. */
export function firstImageOf(message: Pick<Message, "attachments">): Attachment | undefined {
  return message.attachments.find(isImageAttachment);
}

/** A file as the core takes an edit's input: where Discord serves it, its name, and its size. */
export function toInputImage(attachment: Attachment): InputImage {
  return { url: attachment.url, name: attachment.name, declaredBytes: attachment.size };
}
