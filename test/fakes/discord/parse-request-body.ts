import type { RecordedFile } from "./recorded-call.ts";

/** A request body as the fake records it. */
export interface ParsedBody {
  /** The JSON body, or the `payload_json` part of a multipart body. */
  json: unknown;
  files: RecordedFile[];
}

/**
 * Parses a JSON or multipart/form-data body the way Discord reads it. Throws a SyntaxError on
 * malformed JSON (the caller answers 50109). Multipart parsing is the platform's own (the parser
 * behind `Response#formData`).
 */
export async function parseRequestBody(contentType: string | undefined, body: Buffer): Promise<ParsedBody> {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (body.length === 0) return { json: undefined, files: [] };
  if (type === "multipart/form-data") {
    const form = await new Response(body, { headers: { "content-type": contentType ?? "" } }).formData();
    let json: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === "string") {
        if (field === "payload_json") json = JSON.parse(value);
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type,
        bytes: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { json, files };
  }
  // Discord reads anything else as JSON, as discord.js always sends it.
  return { json: JSON.parse(body.toString("utf8")), files: [] };
}
