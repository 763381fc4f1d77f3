import type { APIAttachment } from "discord.js";
import type { StoredAttachment } from "./attachments.ts";
import type { RecordedFile } from "./recorded-call.ts";
import { toApiAttachment } from "./render-message.ts";

/** A file a user attaches: to a command's attachment option, or to a message they post. */
export interface UploadInput {
  filename: string;
  bytes: Buffer;
  /** Default: guessed from the file name's extension, as Discord guesses it. */
  contentType?: string;
}

/**
 * A file given to a command's attachment option. Discord reports its size and address itself;
 * a test may make either lie, to see what the bot believes before it downloads anything.
 */
export interface CommandUploadInput extends UploadInput {
  /** The size Discord reports. Default: the bytes' length. */
  size?: number;
  /** Where Discord says the file is. Default: the fake's own address serving the bytes. */
  url?: string;
}

const typesByExtension: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
};

/** The content type Discord reports for a file: from its name, not its bytes. */
export function contentTypeOf(upload: UploadInput): string {
  const extension = /\.([a-z0-9]+)$/i.exec(upload.filename)?.[1]?.toLowerCase() ?? "";
  return upload.contentType ?? typesByExtension[extension] ?? "application/octet-stream";
}

/** Uploads as a message's body would carry them, `files[n]` in order. */
export function toRecordedFiles(uploads: readonly UploadInput[]): RecordedFile[] {
  return uploads.map((upload, index) => ({
    field: `files[${index}]`,
    filename: upload.filename,
    contentType: contentTypeOf(upload),
    bytes: upload.bytes,
  }));
}

/** Files users gave to commands: on no message, served by id like every other attachment. */
export interface UploadStore {
  /** Keeps the file and answers it as a command's `resolved.attachments` entry. */
  add(channelId: string, upload: CommandUploadInput): APIAttachment;
  get(id: string): StoredAttachment | undefined;
}

/** Creates an empty store; `origin` is where the fake serves the bytes. */
export function createUploadStore(newId: () => string, origin: string): UploadStore {
  const uploads = new Map<string, StoredAttachment>();
  return {
    add(channelId, upload) {
      const stored: StoredAttachment = {
        id: newId(),
        filename: upload.filename,
        contentType: contentTypeOf(upload),
        bytes: upload.bytes,
      };
      uploads.set(stored.id, stored);
      const attachment = toApiAttachment(stored, origin, channelId);
      const url = upload.url ?? attachment.url;
      // A command's files are on no message: Discord marks them ephemeral.
      return { ...attachment, size: upload.size ?? attachment.size, url, proxy_url: url, ephemeral: true };
    },
    get: (id) => uploads.get(id),
  };
}
