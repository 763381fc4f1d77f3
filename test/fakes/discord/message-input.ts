import { checkComponents } from "./check-components.ts";
import { discordErrors } from "./discord-errors.ts";
import { isRecord } from "./is-record.ts";
import { messageFlags } from "./message-flags.ts";
import type { Outcome } from "./rest-types.ts";

/** Discord's cap on `content`. */
const maxContentLength = 2000;
/** Discord's cap on `embeds`. */
const maxEmbeds = 10;

/** A file the message should carry: an existing attachment's id, or the index `n` of `files[n]`. */
export interface AttachmentRef {
  id: string;
  filename?: string;
  description?: string;
}

/**
 * The message fields of a create or edit body. A field left out is unchanged by an edit; `null`
 * clears it.
 */
export interface MessageInput {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  flags?: number;
  allowedMentions?: unknown;
  attachments?: AttachmentRef[];
}

/** Reads and validates the message fields of a JSON body (or `payload_json`). */
export function readMessageInput(json: unknown): Outcome<MessageInput> {
  const body = isRecord(json) ? json : {};
  const input: MessageInput = {};
  if ("content" in body) {
    const content = body.content;
    if (content !== null && typeof content !== "string") {
      return invalid("content", "BASE_TYPE_STRING", "Must be a string.");
    }
    if (typeof content === "string" && [...content].length > maxContentLength) {
      return invalid("content", "BASE_TYPE_MAX_LENGTH", `Must be ${maxContentLength} or fewer in length.`);
    }
    input.content = content;
  }
  if ("embeds" in body) {
    const embeds = body.embeds;
    if (embeds !== null && !Array.isArray(embeds))
      return invalid("embeds", "BASE_TYPE_LIST", "Must be a list.");
    if (Array.isArray(embeds) && embeds.length > maxEmbeds) {
      return invalid("embeds", "BASE_TYPE_MAX_LENGTH", `Must be ${maxEmbeds} or fewer in length.`);
    }
    input.embeds = embeds;
  }
  if ("components" in body) {
    const components = body.components;
    if (components !== null && !Array.isArray(components)) {
      return invalid("components", "BASE_TYPE_LIST", "Must be a list.");
    }
    const componentsV2 = typeof body.flags === "number" && (body.flags & messageFlags.isComponentsV2) !== 0;
    const refused = components === null ? undefined : checkComponents(components, componentsV2);
    if (refused !== undefined) return { ok: false, reply: refused };
    input.components = components;
  }
  if (typeof body.flags === "number") input.flags = body.flags;
  if ("allowed_mentions" in body) input.allowedMentions = body.allowed_mentions;
  if (Array.isArray(body.attachments)) {
    const refs: AttachmentRef[] = [];
    for (const entry of body.attachments) {
      if (!isRecord(entry) || (typeof entry.id !== "string" && typeof entry.id !== "number")) {
        return invalid("attachments", "BASE_TYPE_REQUIRED", "Each attachment needs an id.");
      }
      refs.push({
        id: String(entry.id),
        ...(typeof entry.filename === "string" ? { filename: entry.filename } : {}),
        ...(typeof entry.description === "string" ? { description: entry.description } : {}),
      });
    }
    input.attachments = refs;
  }
  return { ok: true, value: input };
}

function invalid(field: string, code: string, message: string): Outcome<never> {
  return { ok: false, reply: discordErrors.invalidFormBody(field, code, message) };
}
