import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkInteractionHeaders,
  checkInteractionSignature,
  interactionPublicKey,
} from "../../src/discord/inbound/check-interaction-signature.ts";
import { middayUtc } from "../support/fixed-clock.ts";

const application = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
/** The public key as the developer portal shows it: the raw 32 bytes in hex. */
const hexOf = (key: KeyObject) => key.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
const publicKey = interactionPublicKey(hexOf(application.publicKey));

const now = middayUtc;
const seconds = (ms: number) => String(Math.floor(ms / 1000));
const body = Buffer.from(JSON.stringify({ id: "1", application_id: "2", type: 1, token: "t", version: 1 }));

/** Headers as Discord sends them: the signature of timestamp + body, by `privateKey`. */
function signed(timestamp: string, signedBody: Buffer, privateKey = application.privateKey) {
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), signedBody]), privateKey).toString(
    "hex",
  );
  return { "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
}

describe("checking a Discord interaction's signature", () => {
  it("accepts a request signed with the application's key, in upper-case hex too", () => {
    const headers = signed(seconds(now), body);
    expect(checkInteractionSignature(publicKey, headers, body, now)).toBeUndefined();
    const upper = { ...headers, "x-signature-ed25519": headers["x-signature-ed25519"].toUpperCase() };
    expect(checkInteractionSignature(publicKey, upper, body, now)).toBeUndefined();
    // The portal's key in capitals is the same key.
    const shouted = interactionPublicKey(hexOf(application.publicKey).toUpperCase());
    expect(checkInteractionSignature(shouted, headers, body, now)).toBeUndefined();
  });

  it("refuses a signature by another key", () => {
    const headers = signed(seconds(now), body, stranger.privateKey);
    expect(checkInteractionSignature(publicKey, headers, body, now)).toBe("bad signature");
  });

  it("refuses a body changed after signing, and a timestamp changed after signing", () => {
    const headers = signed(seconds(now), body);
    const tampered = Buffer.from(body.toString().replace('"type":1', '"type":2'));
    expect(checkInteractionSignature(publicKey, headers, tampered, now)).toBe("bad signature");
    const restamped = { ...headers, "x-signature-timestamp": seconds(now - 1000) };
    expect(checkInteractionSignature(publicKey, restamped, body, now)).toBe("bad signature");
  });

  it("refuses a signature that is not 64 bytes of hex, without trying it", () => {
    const { "x-signature-timestamp": timestamp, "x-signature-ed25519": good } = signed(seconds(now), body);
    for (const signature of [
      "zz".repeat(64),
      good.slice(0, 126),
      `${good}00`,
      "",
      `${good.slice(0, 127)}g`,
    ]) {
      const headers = { "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
      expect(checkInteractionSignature(publicKey, headers, body, now)).toBe("malformed signature");
    }
  });

  it("refuses a request without its signature headers", () => {
    const headers = signed(seconds(now), body);
    expect(checkInteractionSignature(publicKey, {}, body, now)).toBe("signature headers missing");
    expect(
      checkInteractionSignature(
        publicKey,
        { "x-signature-ed25519": headers["x-signature-ed25519"] },
        body,
        now,
      ),
    ).toBe("signature headers missing");
    expect(
      checkInteractionSignature(
        publicKey,
        { "x-signature-timestamp": headers["x-signature-timestamp"] },
        body,
        now,
      ),
    ).toBe("signature headers missing");
  });

  it("refuses a well-signed request whose timestamp is more than 5 minutes from the bot's clock, either way", () => {
    const sixMinutes = 6 * 60_000;
    for (const stamped of [now - sixMinutes, now + sixMinutes]) {
      const headers = signed(seconds(stamped), body);
      expect(checkInteractionSignature(publicKey, headers, body, now)).toBe("timestamp too old or too new");
      expect(checkInteractionHeaders(headers, now)).toBe("timestamp too old or too new");
    }
    const fourMinutes = signed(seconds(now - 4 * 60_000), body);
    expect(checkInteractionSignature(publicKey, fourMinutes, body, now)).toBeUndefined();
    const notANumber = { ...signed(seconds(now), body), "x-signature-timestamp": "soon" };
    expect(checkInteractionHeaders(notANumber, now)).toBe("malformed timestamp");
  });

  it("builds a key only from 64 hex characters", () => {
    expect(() => interactionPublicKey("ab".repeat(31))).toThrow(/64 hex characters/);
    expect(() => interactionPublicKey("zz".repeat(32))).toThrow(/64 hex characters/);
  });
});
