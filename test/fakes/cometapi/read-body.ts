import type { IncomingMessage } from "node:http";

/** One file part of a multipart body. */
export interface RecordedFile {
  readonly bytes: Buffer;
  readonly filename: string;
  readonly type: string;
}

/** A request's body as the fake records it. */
export interface RequestBody {
  /** The JSON body, or a multipart form's text fields. */
  readonly body: Record<string, unknown>;
  /** A multipart form's files by field name. */
  readonly files: Readonly<Record<string, RecordedFile>>;
  /** Neither JSON nor a form that parses. */
  readonly malformed: boolean;
}

/** A request body as the fake records it: JSON, or a multipart form's fields and files. */
export async function readBody(request: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = request.headers["content-type"] ?? "";
  try {
    if (!contentType.startsWith("multipart/form-data")) {
      return {
        body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>,
        files: {},
        malformed: false,
      };
    }
    const form = await new Request("http://127.0.0.1/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
    const body: Record<string, unknown> = {};
    const files: Record<string, RecordedFile> = {};
    for (const [name, value] of form) {
      if (typeof value === "string") body[name] = value;
      else
        files[name] = {
          bytes: Buffer.from(await value.arrayBuffer()),
          filename: value.name,
          type: value.type,
        };
    }
    return { body, files, malformed: false };
  } catch {
    return { body: {}, files: {}, malformed: true };
  }
}

/** What the real edits route would refuse before any model runs: an edit without its image or prompt. */
export function missingEditPart({ body, files, malformed }: RequestBody): string | undefined {
  if (malformed) return "body";
  if (!files["image"]) return "image";
  if (!body["prompt"]) return "prompt";
  return undefined;
}
