import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Node's header object as plain strings (repeated headers joined with ", "). */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/**
 * Web API arguments from a request, the way Slack reads them: query string first, then the body
 * as JSON, urlencoded form or multipart form (file parts become Buffers).
 */
export async function parseArgs(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (body.length === 0) return args;
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object") Object.assign(args, parsed);
  } else if (type === "multipart/form-data") {
    Object.assign(args, await parseMultipart(contentType ?? "", body));
  } else {
    // The WebClient's default: application/x-www-form-urlencoded.
    Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  }
  return args;
}

/** Parses a multipart body with the platform's own parser (the one behind `Response#formData`). */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, unknown>> {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form) {
    fields[name] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer());
  }
  return fields;
}
