import type { Logger } from "pino";
import type { InputImageAccess } from "../requests/input-image.ts";
import type { GenerationRequest } from "../requests/request.ts";

/** Bytes of one image, with the type sniffed from its first bytes. */
export interface ImageData {
  readonly bytes: Buffer;
  readonly mimeType: ImageMimeType;
}

export type ImageMimeType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

/** A preview streamed while the image is being made. */
export interface PartialImage {
  readonly index: number;
  readonly image: ImageData;
}

/** What CometAPI billed for a generation, from its answer's `usage`. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface GenerateOptions {
  /** Aborts the call: cancellation, deadline, shutdown. */
  readonly signal: AbortSignal;
  /** Called for each partial image, in arrival order. */
  readonly onPartial?: (partial: PartialImage) => void;
  /** Called once with what the answer that made the images says they cost, when it says. */
  readonly onUsage?: (usage: TokenUsage) => void;
  /** For an edit: where its input images may be downloaded from, and how. */
  readonly inputAccess?: InputImageAccess;
  readonly log: Logger;
}

/** Something that turns a checked request into images. CometAPI is one; tests may bring others. */
export interface ImageProvider {
  /**
   * Makes the images, retrying what is worth retrying. With `request.edit`, downloads the input
   * image (and mask) through `options.inputAccess` and edits it instead.
   * @throws ImagineError with a failure or refusal code; never anything else.
   */
  generate(request: GenerationRequest, options: GenerateOptions): Promise<readonly ImageData[]>;
  /**
   * Checks that the key and the address work without making an image; providers that cannot
   * tell leave it out.
   */
  checkAccess?(signal?: AbortSignal): Promise<AccessCheck>;
}

/** What a provider's access check found. */
export type AccessCheck =
  | { readonly ok: true }
  /** The key was refused (401/403), the address has no such endpoint (404), or another status. */
  | {
      readonly ok: false;
      readonly problem: "key_refused" | "not_found" | "unexpected_status";
      readonly status: number;
    }
  /** No answer: `detail` is the network code (ECONNREFUSED, ENOTFOUND, …). */
  | { readonly ok: false; readonly problem: "unreachable"; readonly detail: string };
