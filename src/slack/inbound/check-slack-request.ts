import type { IncomingHttpHeaders } from "node:http";
import { verifySlackRequest } from "@slack/bolt";

/**
 * How far a request's timestamp may be from the bot's clock, either way. Bolt refuses only old
 * ones; a request stamped ahead could otherwise be captured and replayed until its time comes.
 */
export const maxClockSkewMs = 5 * 60_000;

/**
 * The headers alone, checked before any body is read: both signature headers present and the
 * timestamp within five minutes of `nowMs`. Returns why the request is refused, or undefined.
 */
export function checkSlackHeaders(headers: IncomingHttpHeaders, nowMs: number): string | undefined {
  const stamp = headers["x-slack-request-timestamp"];
  if (typeof headers["x-slack-signature"] !== "string") return "no x-slack-signature header";
  if (typeof stamp !== "string" || !/^\d{1,12}$/.test(stamp))
    return "no usable x-slack-request-timestamp header";
  const skewMs = Number(stamp) * 1000 - nowMs;
  if (Math.abs(skewMs) > maxClockSkewMs) {
    return `request timestamp is ${Math.round(skewMs / 60_000)} min from the bot's clock (at most 5 allowed)`;
  }
  return undefined;
}

/** The signature over the raw body (Bolt's own check). Returns why it fails, or undefined. */
export function checkSlackSignature(
  signingSecret: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  nowMs: number,
): string | undefined {
  try {
    verifySlackRequest({
      signingSecret,
      body: body.toString(),
      headers: {
        "x-slack-signature": String(headers["x-slack-signature"]),
        "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
      },
      nowMilliseconds: nowMs,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
