import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventLog } from "../create-event-log.ts";
import type { FailurePlan } from "./failure-plan.ts";
import { uploadMethod } from "./failure-plan.ts";

/** How downloads of a file's `url_private` show in `calls`. */
export const downloadMethod = "url_private";
import type { FileRegistry } from "./files.ts";
import { mimeTypeOf } from "./files.ts";
import { flattenHeaders, parseMultipart, readBody } from "./read-request.ts";
import type { RecordedCall, UploadFailure } from "./types.ts";

/** What an upload POST needs from the fake. */
export interface UploadDeps {
  files: FileRegistry;
  failures: FailurePlan<UploadFailure>;
  log: EventLog<RecordedCall>;
  /** Requests held unanswered (stalled uploads) until their client hangs up. */
  held: Set<ServerResponse>;
}

/**
 * POST to an `upload_url`. The WebClient's `uploadV2` sends the bytes as multipart/form-data with
 * a single file part named `body` (filename "Untitled"), because a Buffer argument switches its
 * body serializer to FormData; a raw body (curl --data-binary) is accepted too. Every POST is
 * recorded in `calls` as `upload_url`, before it is answered.
 */
export async function handleUploadPost(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  deps: UploadDeps,
): Promise<void> {
  const receivedAt = Date.now();
  const body = await readBody(req);
  const record = (status: number, response: string) =>
    deps.log.record({
      method: uploadMethod,
      args: { file_id: fileId, length: body.length },
      headers: flattenHeaders(req.headers),
      token: undefined,
      status,
      response,
      receivedAt,
    });
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
    record(status, text);
    res.writeHead(status, { "content-type": "text/plain", ...headers }).end(text);
  };
  const failure = deps.failures.take(uploadMethod);
  if (failure?.stall) {
    deps.held.add(res);
    res.once("close", () => deps.held.delete(res));
    record(0, "");
    return;
  }
  if (failure !== undefined) {
    const retryAfter = failure.retryAfterSeconds;
    answer(
      failure.status ?? 500,
      "upload_failed",
      retryAfter === undefined ? {} : { "retry-after": String(retryAfter) },
    );
    return;
  }
  const slot = deps.files.get(fileId);
  if (slot === undefined) {
    answer(404, "upload_url not found");
    return;
  }
  const contentType = req.headers["content-type"] ?? "";
  const bytes = contentType.toLowerCase().startsWith("multipart/form-data")
    ? firstFilePart(await parseMultipart(contentType, body))
    : body;
  if (bytes === undefined) {
    answer(400, "no file part");
    return;
  }
  slot.bytes = bytes;
  deps.files.uploads.push({ url: slot.uploadUrl, bytes, fileId, filename: slot.filename, contentType });
  // files.slack.com answers a successful upload with this plain-text line.
  answer(200, `OK - ${bytes.length}`);
}

/**
 * GET of a file's `url_private`; like Slack, it needs the bot token (403 without it, 404 for a
 * file it does not hold). Every GET is recorded in `calls` as `url_private` (its args: `file_id`).
 */
export function handleFileDownload(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  deps: { files: FileRegistry; botToken: string; log: EventLog<RecordedCall> },
): void {
  const slot = deps.files.get(fileId);
  const authorization = req.headers.authorization;
  const status = authorization !== `Bearer ${deps.botToken}` ? 403 : slot?.bytes === undefined ? 404 : 200;
  deps.log.record({
    method: downloadMethod,
    args: { file_id: fileId },
    headers: flattenHeaders(req.headers),
    token: /^Bearer (\S+)$/.exec(authorization ?? "")?.[1],
    status,
    response: status === 200 ? `${slot?.bytes?.length ?? 0} bytes` : "",
    receivedAt: Date.now(),
  });
  if (status !== 200 || slot?.bytes === undefined) {
    res.writeHead(status).end();
    return;
  }
  const type = slot.mimetype ?? mimeTypeOf(slot.filename);
  res.writeHead(200, { "content-type": type, "content-length": slot.bytes.length }).end(slot.bytes);
}

function firstFilePart(fields: Record<string, unknown>): Buffer | undefined {
  return Object.values(fields).find((value): value is Buffer => Buffer.isBuffer(value));
}
