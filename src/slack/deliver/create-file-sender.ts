import { STATUS_CODES } from "node:http";
import { webApi } from "@slack/bolt";
import { request, RetryAgent, type Dispatcher } from "undici";

/**
 * Sends a file's bytes to the `upload_url` Slack handed out for it (`files.getUploadURLExternal`).
 * @throws the WebClient's `WebAPIHTTPError` when the answer is not 200 after the retries, or
 * undici's error when the upload service could not be reached.
 */
export type SendFileBytes = (uploadUrl: string, bytes: Uint8Array) => Promise<void>;

/** As many tries, as far apart, as the WebClient gives every other call (see webApiRetries). */
const uploadRetries = { maxRetries: 3, minTimeout: 200, timeoutFactor: 2, maxTimeout: 5000 };

/**
 * The upload step of `files.uploadV2`, on undici's `request` through `pool`. The bytes go as the
 * raw body, which Slack's upload service takes as well as a multipart form: the WebClient's own
 * step builds a multipart form through web streams for every file, which costs several times the
 * CPU, and a burst of deliveries waits on it. A 5xx, a 429 or a dropped connection is tried again
 * (the same bytes to the same `upload_url`: nothing is shared until the upload is completed).
 */
export function createFileSender(pool: Dispatcher): SendFileBytes {
  const retrying = new RetryAgent(pool, { ...uploadRetries, methods: ["POST"], throwOnError: false });
  return async (uploadUrl, bytes) => {
    const response = await request(uploadUrl, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
      dispatcher: retrying,
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
  };
}
