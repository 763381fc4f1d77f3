import type { IncomingMessage, ServerResponse } from "node:http";
import type { FailurePlan } from "./failure-plan.ts";
import { uploadMethod } from "./failure-plan.ts";
import type { FileRegistry } from "./files.ts";
import { mimeTypeOf } from "./files.ts";
import { parseMultipart, readBody } from "./read-request.ts";

/**
 * POST to an `upload_url`. The WebClient's `uploadV2` sends the bytes as multipart/form-data with
 * a single file part named `body` (filename "Untitled"), because a Buffer argument switches its
 * body serializer to FormData; a raw body (curl --data-binary) is accepted too.
 */
export async function handleUploadPost(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  deps: { files: FileRegistry; failures: FailurePlan },
): Promise<void> {
  const body = await readBody(req);
  const failure = deps.failures.take(uploadMethod);
  if (failure !== undefined) {
    res.writeHead(failure.status ?? 500, { "content-type": "text/plain" }).end(failure.error);
    return;
  }
  const slot = deps.files.get(fileId);
  if (slot === undefined) {
    res.writeHead(404, { "content-type": "text/plain" }).end("upload_url not found");
    return;
  }
  const contentType = req.headers["content-type"] ?? "";
  const bytes = contentType.toLowerCase().startsWith("multipart/form-data")
    ? firstFilePart(await parseMultipart(contentType, body))
    : body;
  if (bytes === undefined) {
    res.writeHead(400, { "content-type": "text/plain" }).end("no file part");
    return;
  }
  slot.bytes = bytes;
  deps.files.uploads.push({ url: slot.uploadUrl, bytes, fileId, filename: slot.filename, contentType });
  // files.slack.com answers a successful upload with this plain-text line.
  res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
}

/** GET of a file's `url_private`; like Slack, it needs the bot token. */
export function handleFileDownload(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  deps: { files: FileRegistry; botToken: string },
): void {
  const slot = deps.files.get(fileId);
  if (req.headers.authorization !== `Bearer ${deps.botToken}`) {
    res.writeHead(403).end();
  } else if (slot?.bytes === undefined) {
    res.writeHead(404).end();
  } else {
    res.writeHead(200, { "content-type": mimeTypeOf(slot.filename) }).end(slot.bytes);
  }
}

function firstFilePart(fields: Record<string, unknown>): Buffer | undefined {
  return Object.values(fields).find((value): value is Buffer => Buffer.isBuffer(value));
}
