import { extname } from "node:path";
import { jsonArg, slackError, stringArg } from "./method-context.ts";
import type { MethodHandler } from "./method-context.ts";
import type { RecordedUpload } from "./types.ts";

/** A file the fake knows: reserved by `files.getUploadURLExternal`, or shared by a person. */
export interface FileSlot {
  fileId: string;
  filename: string;
  length: number;
  uploadUrl: string;
  bytes?: Buffer;
  /** Who shared it; the bot for its own uploads. */
  user?: string;
  /** Overrides the type the name's extension gives. */
  mimetype?: string;
  /** The title `files.completeUploadExternal` gave it. */
  title?: string;
  /** Where it was shared: the channel, and the message that shared it. */
  shares: FileShare[];
  /** `files.info` looks left that still leave `shares` out. */
  sharesHiddenFor?: number;
}

/** A file shared into a channel by a message. */
export interface FileShare {
  channel: string;
  ts: string;
  thread_ts?: string;
}

/** Files reserved, uploaded and shared so far. */
export interface FileRegistry {
  readonly uploads: RecordedUpload[];
  reserve(filename: string, length: number): FileSlot;
  /** A file a person shared, its bytes already in place. */
  share(file: { filename: string; bytes: Buffer; user: string; mimetype?: string }): FileSlot;
  get(fileId: string): FileSlot | undefined;
  /** Forgets a file (its upload URL and `url_private` answer 404 after); false if it was unknown. */
  remove(fileId: string): boolean;
  /** Where a completed file can be fetched with the bot token. */
  privateUrl(slot: FileSlot): string;
  /** The file as Slack describes it in events, `files.info` and `files.completeUploadExternal`. */
  describe(slot: FileSlot): Record<string, unknown>;
  /**
   * How many `files.info` looks at a newly shared file leave its `shares` out: Slack lists a share
   * a moment after the upload completes. Default 0.
   */
  shareLag: number;
  /** Whether people in `channel` can see the file: it exists and was shared there. */
  visibleIn(fileId: string, channel: string): boolean;
}

/** Creates an empty registry whose URLs point at `origin()` (known once the server listens). */
export function createFileRegistry(origin: () => string, newFileId: () => string): FileRegistry {
  const slots = new Map<string, FileSlot>();
  const created = Math.floor(Date.now() / 1000);
  const privateUrl = (slot: FileSlot) =>
    `${origin()}/files/${slot.fileId}/${encodeURIComponent(slot.filename)}`;
  return {
    uploads: [],
    reserve(filename, length) {
      const fileId = newFileId();
      const slot: FileSlot = {
        fileId,
        filename,
        length,
        uploadUrl: `${origin()}/upload/${fileId}`,
        shares: [],
      };
      slots.set(fileId, slot);
      return slot;
    },
    share({ filename, bytes, user, mimetype }) {
      const fileId = newFileId();
      const slot: FileSlot = {
        fileId,
        filename,
        length: bytes.length,
        uploadUrl: `${origin()}/upload/${fileId}`,
        bytes,
        user,
        ...(mimetype !== undefined && { mimetype }),
        shares: [],
      };
      slots.set(fileId, slot);
      return slot;
    },
    get: (fileId) => slots.get(fileId),
    remove: (fileId) => slots.delete(fileId),
    privateUrl,
    shareLag: 0,
    visibleIn(fileId, channel) {
      const slot = slots.get(fileId);
      return slot?.bytes !== undefined && slot.shares.some((share) => share.channel === channel);
    },
    describe: (slot) => {
      const mimetype = slot.mimetype ?? mimeTypeOf(slot.filename);
      return {
        id: slot.fileId,
        created,
        timestamp: created,
        name: slot.filename,
        title: slot.title ?? slot.filename,
        mimetype,
        filetype: extname(slot.filename).slice(1).toLowerCase(),
        size: slot.bytes?.length ?? slot.length,
        user: slot.user,
        mode: "hosted",
        is_external: false,
        url_private: privateUrl(slot),
        url_private_download: `${privateUrl(slot)}?download=1`,
        ...(slot.shares.length > 0 && { shares: describeShares(slot.shares) }),
      };
    },
  };
}

/** `shares` as `files.info` gives it: public channels (C…) apart from private ones and DMs. */
function describeShares(shares: readonly FileShare[]): Record<string, Record<string, unknown[]>> {
  const described: Record<string, Record<string, unknown[]>> = {};
  for (const { channel, ts, thread_ts } of shares) {
    const kind = channel.startsWith("C") ? "public" : "private";
    const byChannel = (described[kind] ??= {});
    (byChannel[channel] ??= []).push({ ts, ...(thread_ts !== undefined && { thread_ts }), reply_count: 0 });
  }
  return described;
}

/**
 * `files.getUploadURLExternal` and `files.completeUploadExternal` (the steps of `uploadV2`),
 * `files.info` and `files.delete`.
 */
export const fileMethods: Record<string, MethodHandler> = {
  "files.getUploadURLExternal": (args, ctx) => {
    const filename = stringArg(args, "filename");
    const length = Number(stringArg(args, "length"));
    if (filename === undefined || filename === "" || !Number.isInteger(length) || length <= 0) {
      return slackError("invalid_arguments");
    }
    const slot = ctx.files.reserve(filename, length);
    return { ok: true, upload_url: slot.uploadUrl, file_id: slot.fileId };
  },

  "files.completeUploadExternal": (args, ctx) => {
    const entries = jsonArg(args, "files");
    if (!Array.isArray(entries) || entries.length === 0) return slackError("invalid_arguments");
    const completed: { slot: FileSlot; title: string }[] = [];
    for (const entry of entries as unknown[]) {
      const record = (entry ?? {}) as Record<string, unknown>;
      const slot = ctx.files.get(stringArg(record, "id") ?? "");
      // Completing a file whose bytes never arrived fails on Slack too.
      if (slot?.bytes === undefined) return slackError("file_not_found");
      completed.push({ slot, title: stringArg(record, "title") ?? slot.filename });
    }
    const channel = stringArg(args, "channel_id");
    const threadTs = stringArg(args, "thread_ts");
    if (channel !== undefined) {
      // Slack shares the files as one message from the bot, with initial_comment as its text.
      const message = ctx.messages.post({
        channel,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        text: stringArg(args, "initial_comment") ?? "",
        files: completed.map(({ slot, title }) => ({ id: slot.fileId, name: slot.filename, title })),
        user: ctx.identity.botUserId,
        bot_id: ctx.identity.botId,
      });
      for (const { slot } of completed) {
        slot.shares.push({ channel, ts: message.ts, ...(threadTs !== undefined && { thread_ts: threadTs }) });
        slot.sharesHiddenFor = ctx.files.shareLag;
      }
    }
    for (const { slot, title } of completed) Object.assign(slot, { user: ctx.identity.botUserId, title });
    return { ok: true, files: completed.map(({ slot }) => ctx.files.describe(slot)) };
  },

  // Uploaded files and those people shared; a file reserved but never uploaded is not found.
  "files.info": (args, ctx) => {
    const slot = ctx.files.get(stringArg(args, "file") ?? "");
    if (slot?.bytes === undefined) return slackError("file_not_found");
    const file = ctx.files.describe(slot);
    if ((slot.sharesHiddenFor ?? 0) > 0) {
      slot.sharesHiddenFor = (slot.sharesHiddenFor ?? 0) - 1;
      delete file["shares"];
    }
    return { ok: true, file };
  },

  "files.delete": (args, ctx) => {
    const fileId = stringArg(args, "file") ?? "";
    if (!ctx.files.remove(fileId)) return slackError("file_not_found");
    // The messages that shared it stop showing it; one that showed nothing else goes with it.
    ctx.messages.dropFile(fileId);
    return { ok: true };
  },
};

const mimeTypes: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".txt": "text/plain",
};

/** A Content-Type from the file name's extension. */
export function mimeTypeOf(filename: string): string {
  return mimeTypes[extname(filename).toLowerCase()] ?? "application/octet-stream";
}
