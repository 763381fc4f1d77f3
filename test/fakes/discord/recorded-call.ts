/** A file of a multipart request. */
export interface RecordedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** One HTTP request the fake received, in arrival order, with the answer it gave. */
export interface RecordedCall {
  method: string;
  /** Percent-decoded path without the query, e.g. `/api/v10/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /**
   * Name of the route, after discord.js's `Routes` helper (`interactionCallback`, `webhookMessage`,
   * `webhook`, `channelMessages`, `channelMessage`, `applicationCommands`, …), or `"unknown"`. In
   * HTTP interactions mode the bot's HTTP answer to an interaction is recorded too, as
   * `interactionResponse` (its `status` the bot's, its `response` the fake's verdict).
   */
  route: string;
  /** Path parameters of the route, e.g. `{ applicationId, token, messageId: "@original" }`. */
  params: Record<string, string>;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** The JSON body, or the parsed `payload_json` part of a multipart body; `undefined` when none. */
  json: unknown;
  /** File parts of a multipart body, in order. */
  files: RecordedFile[];
  /** HTTP status the fake answered with. */
  status: number;
  /** JSON body the fake answered with; `undefined` for 204. */
  response: unknown;
  /** `Date.now()` when the request arrived, to assert on waiting between attempts. */
  receivedAt: number;
}

/** Which requests a scheduled failure applies to. */
export interface FailMatch {
  /** HTTP method; any when left out. */
  method?: string;
  /** Tested against the percent-decoded path, e.g. `/messages\/@original$/`. */
  path: RegExp;
}

/** The answer of a scheduled failure. */
export interface FailReply {
  status: number;
  /**
   * JSON body. Default for 429: Discord's `{ message, retry_after, global: false }`; otherwise
   * `{ message: "<status>: <reason>", code: 0 }`.
   */
  body?: unknown;
  /** For 429: seconds in `Retry-After` and `retry_after`; fractions are fine. Default 1. */
  retryAfterSeconds?: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
}
