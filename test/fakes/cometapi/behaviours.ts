/** Tokens as OpenAI's image answers report them. */
export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens?: number;
}

/** What one 1024×1024 medium gpt-image-1 image is billed, about: a short prompt, 1,056 out. */
export const defaultUsage: WireUsage = { input_tokens: 20, output_tokens: 1056, total_tokens: 1076 };

/** How the fake CometAPI answers one request. */
export type Behaviour =
  /** Non-streaming JSON: `{ created, data: [...] }`, images as base64 or as URLs the fake serves. */
  | {
      kind: "json";
      images: Buffer[];
      as?: "b64" | "url";
      urls?: string[];
      delayMs?: number;
      /** The answer's `usage`; by default {@link defaultUsage} for each image. `null`: none. */
      usage?: WireUsage | null;
    }
  /** Server-sent events: partials, then the final image(s), optionally waiting between events. */
  | {
      kind: "stream";
      partials: Buffer[];
      images: Buffer[];
      /** Pause before each event. */
      delayMs?: number;
      /** Resolves when the final image may be sent: lets a test look at the partials first. */
      holdBeforeFinal?: Promise<void>;
      /** Send the final image(s) before the partials. */
      finalFirst?: boolean;
      /** `: keep-alive` comments between events. */
      heartbeats?: boolean;
      /** Close with `data: [DONE]` (default true). */
      done?: boolean;
      /** Each `completed` event's `usage`; {@link defaultUsage} by default. `null`: none. */
      usage?: WireUsage | null;
    }
  /** An error status with OpenAI's error body (or `rawBody`). */
  | {
      kind: "error";
      status: number;
      code?: string;
      message?: string;
      type?: string;
      headers?: Record<string, string>;
      rawBody?: string;
    }
  /** An `event: error` inside a 200 stream, after `partials`. */
  | { kind: "stream-error"; partials: Buffer[]; code?: string; message?: string; type?: string }
  /** Destroys the connection: before any response, or after some stream events. */
  | { kind: "drop"; when: "before-response" | "mid-stream"; partials?: Buffer[] }
  /** Sends headers (and for "stream", `partials`) then nothing, never closing. */
  | { kind: "stall"; as: "stream" | "no-response"; partials?: Buffer[] }
  /** Anything: a status, headers and a body written as is. */
  | { kind: "raw"; status: number; headers: Record<string, string>; body: string };

/** How the fake answers `GET /v1/models`, the key check. */
export type ModelsBehaviour =
  /** 200 with OpenAI's model list. */
  { kind: "list"; ids?: string[] } | Extract<Behaviour, { kind: "error" | "drop" | "stall" | "raw" }>;

/**
 * What CometAPI's balance query service (`GET /user/quota?key=…`) answers unless a test sets
 * another: its documented example, in US dollars. `remain_quota: -1` is a key without a limit.
 */
export const defaultQuota = {
  username: "imagine-bot-tests",
  total_quota: 2105.23,
  total_used_quota: 21.06,
  request_count: 1221,
  keys: [
    { name: "tts_test", remain_quota: 8.93, used_quota: 2.09 },
    { name: "x", remain_quota: -1, used_quota: 0 },
  ],
};
