import { STATUS_CODES } from "node:http";
import { webApi } from "@slack/bolt";
import { request, RetryAgent, type Dispatcher } from "undici";
import { startDeadline } from "../../kit/start-deadline.ts";
import { createUploadRetry, type UploadRetryPolicy } from "./create-upload-retry.ts";

/**
 * Sends a file's bytes to the `upload_url` Slack handed out for it (`files.getUploadURLExternal`).
 * @throws the WebClient's `WebAPIHTTPError` when the answer is not 200 after the retries, or
 * undici's (or the deadline's) error when the upload service could not be reached in time.
 */
export type SendFileBytes = (uploadUrl: string, bytes: Uint8Array) => Promise<void>;

/** How an upload is tried again, and how long it may take in all; every field has a default. */
export interface UploadOptions {
  /** Tries after the first. Default 3, as the WebClient gives every other call (see webApiRetries). */
  readonly maxRetries?: number;
  /** Wait before the first retry, doubled for each next one. Default 200 ms. */
  readonly minTimeoutMs?: number;
  /** Longest of those waits. Default 5000 ms. A 429's Retry-After is waited out in full instead. */
  readonly maxTimeoutMs?: number;
  /**
   * The whole upload, tries and waits included. An upload service that stops answering fails the
   * upload after this long (undici alone would wait 300 s a try, the job holding its slot), and a
   * Retry-After reaching past it fails the upload at once. Default 60 000 ms.
   */
  readonly deadlineMs?: number;
}

const defaults: Required<UploadOptions> = {
  maxRetries: 3,
  minTimeoutMs: 200,
  maxTimeoutMs: 5000,
  deadlineMs: 60_000,
};

/**
 * The upload step of `files.uploadV2`, on undici's `request` through `pool`. The bytes go as the
 * raw body, which Slack's upload service takes as well as a multipart form: the WebClient's own
 * step builds a multipart form through web streams for every file, which costs several times the
 * CPU, and a burst of deliveries waits on it. A 5xx, a 429 or a dropped connection is tried again
 * (the same bytes to the same `upload_url`: nothing is shared until the upload is completed).
 */
export function createFileSender(pool: Dispatcher, options: UploadOptions = {}): SendFileBytes {
  const { deadlineMs, ...backoff } = { ...defaults, ...options };
  return async (uploadUrl, bytes) => {
    const deadline = startDeadline(deadlineMs);
    const policy: UploadRetryPolicy = { ...backoff, endsAt: performance.now() + deadlineMs };
    // One agent an upload: its retries wait on this upload's deadline.
    const retrying = new RetryAgent(pool, {
      retry: createUploadRetry(policy, deadline.signal),
      methods: ["POST"],
      throwOnError: false,
    });
    try {
      const response = await request(uploadUrl, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
        dispatcher: retrying,
        signal: deadline.signal,
      });
      const body = await response.body.text();
      if (response.statusCode === 200) return;
      const headers = Object.fromEntries(
        Object.entries(response.headers).map(([name, value]) => [name, String(value)]),
      );
      throw new webApi.WebAPIHTTPError(
        response.statusCode,
        STATUS_CODES[response.statusCode] ?? "",
        headers,
        body,
      );
    } finally {
      deadline.clear();
    }
  };
}
