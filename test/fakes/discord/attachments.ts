import { discordErrors } from "./discord-errors.ts";
import type { AttachmentRef } from "./message-input.ts";
import type { Outcome } from "./rest-types.ts";
import type { RecordedFile } from "./recorded-call.ts";

/** A file stored on a message. */
export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  description?: string;
}

/** What {@link resolveAttachments} needs. */
export interface AttachmentChange {
  /** Attachments the message has now (none for a new message). */
  existing: StoredAttachment[];
  /** The body's `attachments`, if it had one. */
  refs: AttachmentRef[] | undefined;
  files: RecordedFile[];
  /** Largest file accepted, in bytes. */
  limitBytes: number;
  newId: () => string;
}

/**
 * The attachments a message ends up with, by Discord's rules: when the body lists `attachments`,
 * the message keeps exactly those (existing ids are kept, an id `n` takes the file `files[n]`);
 * without the list, an edit keeps what it had and every uploaded file is added.
 */
export function resolveAttachments(change: AttachmentChange): Outcome<StoredAttachment[]> {
  const { existing, refs, files, limitBytes, newId } = change;
  if (files.some((file) => file.bytes.length > limitBytes))
    return { ok: false, reply: discordErrors.tooLarge() };
  const upload = (file: RecordedFile, ref?: AttachmentRef): StoredAttachment => ({
    id: newId(),
    filename: ref?.filename ?? file.filename,
    contentType: file.contentType || "application/octet-stream",
    bytes: file.bytes,
    ...(ref?.description === undefined ? {} : { description: ref.description }),
  });
  if (refs === undefined) return { ok: true, value: [...existing, ...files.map((file) => upload(file))] };
  const result: StoredAttachment[] = [];
  for (const ref of refs) {
    const kept = existing.find((attachment) => attachment.id === ref.id);
    const file = files.find((candidate) => candidate.field === `files[${ref.id}]`);
    if (kept !== undefined)
      result.push(ref.description === undefined ? kept : { ...kept, description: ref.description });
    else if (file !== undefined) result.push(upload(file, ref));
    else {
      return {
        ok: false,
        reply: discordErrors.invalidFormBody(
          "attachments",
          "ATTACHMENT_NOT_FOUND",
          `Attachment ${ref.id} is neither on the message nor uploaded as files[${ref.id}].`,
        ),
      };
    }
  }
  return { ok: true, value: result };
}

/** Width and height of a PNG (read from its IHDR chunk), for the attachment object. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
