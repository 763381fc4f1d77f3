import { createHmac } from "node:crypto";
import type { SignedRequest, SignedRequestOptions } from "./types.ts";

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex");
  return `v0=${digest}`;
}

/**
 * An Events API POST as Slack sends it to an HTTP receiver. Receivers refuse a bad signature and a
 * timestamp more than 5 minutes from their clock (both HTTP 401 in Bolt).
 */
export function buildSignedRequest(body: object, opts: SignedRequestOptions): SignedRequest {
  return signed(JSON.stringify(body), "application/json", opts);
}

/**
 * An interactive payload POSTed as Slack sends it to the Interactivity Request URL: a form with one
 * field, `payload`, holding the JSON. Bolt reads it only under this exact content type.
 */
export function buildSignedFormRequest(payload: object, opts: SignedRequestOptions): SignedRequest {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signed(raw, "application/x-www-form-urlencoded", opts);
}

function signed(raw: string, contentType: string, opts: SignedRequestOptions): SignedRequest {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = opts.forgeSignature === true ? `forged-${opts.signingSecret}` : opts.signingSecret;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signSlackRequest(secret, timestamp, raw),
  };
  if (opts.retryNum !== undefined) {
    // Slack marks redeliveries; Bolt exposes them as context.retryNum / context.retryReason.
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
  }
  return { headers, body: raw };
}
