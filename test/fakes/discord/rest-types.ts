import type { RecordedFile } from "./recorded-call.ts";

/** A REST request after parsing, as a route handler sees it. */
export interface RouteRequest {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  json: unknown;
  files: RecordedFile[];
}

/** What a route answers; no `body` means 204 No Content. */
export interface RouteReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One REST route under `/api/v10`. */
export interface Route {
  method: string;
  /** Segments with `:name` parameters, e.g. `/channels/:channelId/messages`. */
  pattern: string;
  /** Recorded as `RecordedCall.route`; named after discord.js's `Routes` helpers. */
  name: string;
  /** Whether the route needs `Authorization: Bot <token>` (token-bearing webhook routes do not). */
  auth: boolean;
  handle(req: RouteRequest): RouteReply;
}

/** A result, or the error reply that stands in for it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reply: RouteReply };

/** A successful JSON reply. */
export function json(body: unknown, status = 200): RouteReply {
  return { status, body };
}
