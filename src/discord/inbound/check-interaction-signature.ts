import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** Farthest a request's timestamp may be from the bot's clock, either way. */
const maxTimestampSkewSeconds = 5 * 60;

/**
 * The DER header of an Ed25519 SubjectPublicKeyInfo: node builds a key only from a whole
 * structure, and Discord gives the raw 32 bytes.
 */
const ed25519SpkiPrefix = Buffer.from("302a300506032b6570032100", "hex");

/** The application's public key (64 hex characters, as the developer portal shows it) as a key object. */
export function interactionPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("an Ed25519 public key is 64 hex characters");
  return createPublicKey({
    key: Buffer.concat([ed25519SpkiPrefix, Buffer.from(hex, "hex")]),
    format: "der",
    type: "spki",
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Why a request cannot be Discord's, judged on its headers alone (so before its body is read): a
 * signature or timestamp missing, or a timestamp more than 5 minutes from the bot's clock.
 * Undefined when it may be.
 */
export function checkInteractionHeaders(headers: IncomingHttpHeaders, nowMs: number): string | undefined {
  const signature = header(headers, "x-signature-ed25519");
  const timestamp = header(headers, "x-signature-timestamp");
  if (signature === undefined || timestamp === undefined) return "signature headers missing";
  if (!/^\d{1,12}$/.test(timestamp)) return "malformed timestamp";
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxTimestampSkewSeconds)
    return "timestamp too old or too new";
  return undefined;
}

/**
 * Why a request is not Discord's, or undefined when it is: `X-Signature-Ed25519` must be the
 * Ed25519 signature, by the application's key, of `X-Signature-Timestamp` followed by the raw body,
 * and the timestamp within 5 minutes of the bot's clock.
 */
export function checkInteractionSignature(
  publicKey: KeyObject,
  headers: IncomingHttpHeaders,
  body: Buffer,
  nowMs: number,
): string | undefined {
  const refusal = checkInteractionHeaders(headers, nowMs);
  if (refusal !== undefined) return refusal;
  const signature = header(headers, "x-signature-ed25519") ?? "";
  const timestamp = header(headers, "x-signature-timestamp") ?? "";
  // Buffer.from(…, "hex") stops quietly at the first bad pair: check the text itself.
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return "malformed signature";
  const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
  return verify(null, signed, publicKey, Buffer.from(signature, "hex")) ? undefined : "bad signature";
}
