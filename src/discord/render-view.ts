import { escapeMarkdown } from "discord.js";
import type { ImagineError } from "../core/errors.ts";
import { extensionFor } from "../core/images.ts";
import type { ImageData } from "../core/provider/types.ts";
import type { GenerationRequest } from "../core/request.ts";
import { describeForDiscord } from "./describe-for-discord.ts";
import type { NamedFile } from "./split-attachments.ts";

/** What the person should see in the reply at one moment of the job. */
export type DiscordView =
  | { readonly kind: "queued"; readonly position: number }
  | {
      readonly kind: "generating";
      readonly elapsedSeconds: number;
      readonly preview?: { readonly index: number; readonly image: ImageData };
    }
  | { readonly kind: "failed"; readonly error: ImagineError }
  | { readonly kind: "cancelled" };

/** A message body: text that pings nobody, and files. */
export interface DiscordPayload {
  readonly content: string;
  readonly files: NamedFile[];
}

/** Room left for the prompt in a 2,000-character message, after the caption. */
const promptRoom = 1500;

/** The prompt as inert text: markdown escaped, shortened to fit a message. */
export function showPrompt(prompt: string): string {
  const escaped = escapeMarkdown(prompt);
  return escaped.length > promptRoom ? `${escaped.slice(0, promptRoom)}…` : escaped;
}

export function renderView(view: DiscordView): DiscordPayload {
  switch (view.kind) {
    case "queued":
      return { content: `⏳ Waiting in line: position ${view.position}.`, files: [] };
    case "generating": {
      const preview = view.preview ? `, preview ${view.preview.index + 1}` : "";
      const files = view.preview
        ? [{ name: `preview.${extensionFor(view.preview.image.mimeType)}`, data: view.preview.image.bytes }]
        : [];
      return { content: `🎨 Generating… (${view.elapsedSeconds} s${preview})`, files };
    }
    case "failed":
      return { content: `⚠️ ${describeForDiscord(view.error)}`, files: [] };
    case "cancelled":
      return { content: "Cancelled.", files: [] };
  }
}

/** Two views that look the same; the second needs no edit. */
export function sameView(a: DiscordView, b: DiscordView): boolean {
  const left = renderView(a);
  const right = renderView(b);
  return left.content === right.content && left.files[0]?.data === right.files[0]?.data;
}

/** The caption of finished images: the prompt as plain text, then size, model and time. */
export function renderCaption(request: GenerationRequest, elapsedMs: number, note?: string): string {
  const facts = [request.size, request.model, request.quality, `${(elapsedMs / 1000).toFixed(1)} s`].filter(
    Boolean,
  );
  return [`**Prompt:** ${showPrompt(request.prompt)}`, facts.join(" · "), note].filter(Boolean).join("\n");
}

/** The images as files named imagine-1.png, imagine-2.png, … */
export function toFiles(images: readonly ImageData[]): NamedFile[] {
  return images.map((image, index) => ({
    name: `imagine-${index + 1}.${extensionFor(image.mimeType)}`,
    data: image.bytes,
  }));
}
