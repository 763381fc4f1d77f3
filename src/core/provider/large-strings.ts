const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;

/** How a reference to a taken-out string starts once JSON-parsed ("\u0000" can't open a real value). */
const referencePrefix = "\u0000large:";

export interface LargeStringOptions {
  /** JSON strings longer than this (in bytes) are taken out of the text. */
  readonly thresholdBytes: number;
  /** Decoded bytes kept per string; past it only the fact that it was too large is kept. */
  readonly maxDecodedBytes: number;
}

/** What a reference stood for: the base64-decoded bytes, or "too_large" past the cap. */
export type LargeValue = Buffer | "too_large";

/**
 * Reads JSON text as bytes arrive and takes every long string out of it, base64-decoding it on
 * the way, so a streamed image never exists as a multi-megabyte string (raw, parsed and decoded:
 * three copies each of a few MB for every image of every job). Such a string is replaced in the
 * text by a short reference that `take` turns into the bytes after JSON.parse. A raw line break
 * ends any string, as JSON does not allow one inside: a broken event stays malformed.
 */
export interface LargeStringExtractor {
  /** Feeds bytes; returns the text so far, long strings replaced by references. */
  feed(chunk: Uint8Array): string;
  /** The rest of the text once the input has ended. */
  end(): string;
  /** Whether a parsed string value is a reference made here. */
  isReference(value: string): boolean;
  /** The value a reference stood for (once: it is forgotten after). */
  take(reference: string): LargeValue | undefined;
}

export function createLargeStringExtractor(options: LargeStringOptions): LargeStringExtractor {
  const taken = new Map<string, LargeValue>();
  let nextId = 0;
  const text = new TextDecoder();
  let mode: "text" | "string" | "large" = "text";
  // "string": the bytes of a string not yet known to be long, after its opening quote.
  let held: Buffer[] = [];
  let heldLength = 0;
  let escaped = false;
  // "large": base64 characters waiting for a group of four, and the bytes decoded so far.
  let carry = "";
  let decoded: Buffer[] = [];
  let decodedLength = 0;

  const decodeBase64 = (characters: string) => {
    const all = carry + characters;
    const usable = all.length - (all.length % 4);
    carry = all.slice(usable);
    if (usable === 0) return;
    const bytes = Buffer.from(all.slice(0, usable), "base64");
    decodedLength += bytes.length;
    if (decodedLength <= options.maxDecodedBytes) decoded.push(bytes);
    else decoded = [];
  };

  function startLarge(): void {
    mode = "large";
    carry = "";
    decoded = [];
    decodedLength = 0;
    decodeBase64(Buffer.concat(held).toString("latin1"));
    held = [];
    heldLength = 0;
  }

  function finishLarge(): string {
    if (carry.length > 0) {
      const bytes = Buffer.from(carry, "base64");
      decodedLength += bytes.length;
      if (decodedLength <= options.maxDecodedBytes) decoded.push(bytes);
    }
    const reference = `${referencePrefix}${nextId++}`;
    taken.set(reference, decodedLength > options.maxDecodedBytes ? "too_large" : Buffer.concat(decoded));
    decoded = [];
    carry = "";
    mode = "text";
    // JSON text for the string "\u0000large:N".
    return `"\\u0000${reference.slice(1)}"`;
  }

  function feed(chunk: Uint8Array): string {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const out: string[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (mode === "text") {
        const quote = bytes.indexOf(QUOTE, at);
        const end = quote === -1 ? bytes.length : quote;
        out.push(text.decode(bytes.subarray(at, end), { stream: true }));
        if (quote === -1) break;
        mode = "string";
        held = [];
        heldLength = 0;
        escaped = false;
        at = quote + 1;
      } else if (mode === "string") {
        const start = at;
        let closedAt = -1;
        let brokenAt = -1;
        for (; at < bytes.length && heldLength + (at - start) <= options.thresholdBytes; at++) {
          const byte = bytes[at]!;
          if (byte === LF || byte === CR) {
            brokenAt = at;
            break;
          }
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) {
            closedAt = at;
            break;
          }
        }
        const end = closedAt !== -1 ? closedAt : brokenAt !== -1 ? brokenAt : at;
        held.push(Buffer.from(bytes.subarray(start, end)));
        heldLength += end - start;
        if (closedAt !== -1 || brokenAt !== -1) {
          out.push('"', text.decode(Buffer.concat(held), { stream: true }));
          if (closedAt !== -1) out.push('"');
          held = [];
          heldLength = 0;
          mode = "text";
          at = closedAt !== -1 ? closedAt + 1 : brokenAt;
        } else if (heldLength > options.thresholdBytes) {
          if (escaped) {
            // Only "\/" can appear in base64; let the large reader see the backslash again.
            held[held.length - 1] = held.at(-1)!.subarray(0, -1);
            at--;
            escaped = false;
          }
          startLarge();
        }
      } else if (escaped) {
        // JSON may write "/" as "\/"; no other escape belongs in base64.
        escaped = false;
        if (bytes[at] === SLASH) decodeBase64("/");
        at++;
      } else {
        const ends = [QUOTE, BACKSLASH, LF, CR]
          .map((byte) => bytes.indexOf(byte, at))
          .filter((i) => i !== -1);
        const end = ends.length > 0 ? Math.min(...ends) : bytes.length;
        decodeBase64(bytes.toString("latin1", at, end));
        if (end === bytes.length) break;
        const byte = bytes[end]!;
        if (byte === QUOTE) {
          out.push(finishLarge());
          at = end + 1;
        } else if (byte === BACKSLASH) {
          escaped = true;
          at = end + 1;
        } else {
          // A line break inside the string: the event is broken; leave it unclosed.
          decoded = [];
          carry = "";
          mode = "text";
          out.push('"');
          at = end;
        }
      }
    }
    return out.join("");
  }

  return {
    feed,
    end() {
      const rest = mode === "string" ? `"${text.decode(Buffer.concat(held), { stream: true })}` : "";
      mode = "text";
      held = [];
      decoded = [];
      return rest + text.decode();
    },
    isReference: (value) => value.startsWith(referencePrefix),
    take(reference) {
      const value = taken.get(reference);
      taken.delete(reference);
      return value;
    },
  };
}
