import { ImagineError } from "../../core/errors/errors.ts";
import type { Messages } from "../../core/i18n/messages.ts";
import { extensionFor } from "../../core/provider/images.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { describeForDiscord } from "./describe-for-discord.ts";
import type { DiscordButton } from "./job-buttons.ts";
import type { NamedFile } from "./split-attachments.ts";

/** What the person should see in the reply at one moment of the job, before the images. */
export type DiscordView =
  | { readonly kind: "queued"; readonly position: number }
  | {
      readonly kind: "generating";
      readonly elapsedSeconds: number;
      /** The latest partial image, shown in place of the one before. */
      readonly preview?: { readonly index: number; readonly image: ImageData };
    }
  | { readonly kind: "failed"; readonly error: ImagineError }
  | { readonly kind: "cancelled" };

/** One message: text (sent so that it pings nobody), the files it carries, its buttons. */
export interface DiscordPayload {
  readonly content: string;
  readonly files: readonly NamedFile[];
  readonly buttons?: readonly DiscordButton[];
}

/** The message for a view, in `messages`' language. Failures start with ⚠️ so they stand out from progress. */
export function renderView(view: DiscordView, messages: Messages): DiscordPayload {
  switch (view.kind) {
    case "queued":
      return { content: messages.t("discord:progress.queued", { position: view.position }), files: [] };
    case "generating": {
      const { preview } = view;
      const seconds = view.elapsedSeconds;
      if (!preview) return { content: messages.t("discord:progress.generating", { seconds }), files: [] };
      return {
        content: messages.t("discord:progress.generatingPreview", { seconds, preview: preview.index + 1 }),
        files: [{ name: `preview.${extensionFor(preview.image.mimeType)}`, data: preview.image.bytes }],
      };
    }
    case "failed":
      return { content: `⚠️ ${describeForDiscord(view.error, messages)}`, files: [] };
    case "cancelled":
      return { content: describeForDiscord(new ImagineError("cancelled"), messages), files: [] };
  }
}

/** The same files, by identity: a preview's bytes stay one Buffer for as long as it is shown. */
export function sameFiles(a: DiscordPayload["files"], b: DiscordPayload["files"]): boolean {
  return a.length === b.length && a.every((file, index) => file.data === b[index]?.data);
}

/** Two payloads that look the same to the person: the second needs no edit. */
export function samePayload(a: DiscordPayload, b: DiscordPayload): boolean {
  return a.content === b.content && sameFiles(a.files, b.files);
}
