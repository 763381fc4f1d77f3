import type { IncomingMessage, ServerResponse } from "node:http";
import getRawBody from "raw-body";

/** A plain-text answer; a refusal closes the connection, so a body the bot will not read is not taken in either. */
export function answerPlain(response: ServerResponse, status: number, body: string, close = false): void {
  response
    .writeHead(status, { "content-type": "text/plain; charset=utf-8", ...(close && { connection: "close" }) })
    .end(body);
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 400;
}

/**
 * A request's body, read up to `limitBytes`; or undefined once the request was refused (413 for a
 * body beyond the limit, after `onTooLarge`; 400 for one that breaks off or lies about its length).
 */
export async function readBoundedBody(
  request: IncomingMessage,
  response: ServerResponse,
  limitBytes: number,
  onTooLarge: () => void,
): Promise<Buffer | undefined> {
  try {
    return await getRawBody(request, {
      length: request.headers["content-length"] ?? null,
      limit: limitBytes,
    });
  } catch (error) {
    const status = statusOf(error);
    if (status === 413) onTooLarge();
    if (!response.headersSent && !request.socket.destroyed) {
      answerPlain(response, status, status === 413 ? "too large\n" : "bad request\n", true);
    }
    return undefined;
  }
}
