import type { ImageData, ImageMimeType } from "./types.ts";
import { ImagineError } from "../errors/errors.ts";

const signatures: ReadonlyArray<{ mimeType: ImageMimeType; matches: (bytes: Buffer) => boolean }> = [
  { mimeType: "image/png", matches: (b) => b.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex")) },
  { mimeType: "image/jpeg", matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mimeType: "image/webp",
    matches: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
  },
  { mimeType: "image/gif", matches: (b) => b.subarray(0, 4).toString("latin1") === "GIF8" },
];

/** The image type of these bytes, or undefined when they are not an image we can post. */
export function sniffImageType(bytes: Buffer): ImageMimeType | undefined {
  return signatures.find((signature) => signature.matches(bytes))?.mimeType;
}

/** File extension for an image type, for upload names. */
export function extensionFor(mimeType: ImageMimeType): string {
  return mimeType === "image/jpeg" ? "jpg" : mimeType.slice("image/".length);
}

/** Wraps bytes as an image after checking their size and type. */
export function toImage(bytes: Buffer, maxBytes: number): ImageData {
  if (bytes.length > maxBytes) {
    throw new ImagineError("image_unavailable", {
      upstreamMessage: `image of ${bytes.length} bytes is over the ${maxBytes}-byte cap`,
    });
  }
  const mimeType = sniffImageType(bytes);
  if (!mimeType) {
    throw new ImagineError("image_unavailable", {
      upstreamMessage: "answer is not a PNG, JPEG, WebP or GIF image",
    });
  }
  return { bytes, mimeType };
}

/** Decodes a `b64_json` image, refusing it before decoding when it would be over the cap. */
export function decodeBase64Image(base64: string, maxBytes: number): ImageData {
  if (Math.floor((base64.length * 3) / 4) > maxBytes + 3) {
    throw new ImagineError("image_unavailable", { upstreamMessage: "base64 image is over the byte cap" });
  }
  return toImage(Buffer.from(base64, "base64"), maxBytes);
}
