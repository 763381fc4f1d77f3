import { ImagineError } from "../../core/errors/errors.ts";
import type { Messages } from "../../core/i18n/messages.ts";
import { extensionFor } from "../../core/provider/images.ts";
import type { ImageData } from "../../core/provider/types.ts";
import type { GenerationRequest } from "../../core/requests/request.ts";
import { renderView, type DiscordPayload } from "./render-view.ts";
import { maxContentLength, showPrompt } from "./show-prompt.ts";
import { splitAttachments, type NamedFile } from "./split-attachments.ts";

/** What finished: the request as the core understood it, its images, and how long it took. */
export interface FinishedJob {
  readonly request: GenerationRequest;
  readonly images: readonly ImageData[];
  readonly elapsedMs: number;
  /** Largest upload one message may carry here (the interaction's `attachment_size_limit`). */
  readonly capBytes: number;
}

/** Room kept free in the caption for `<@id> ` when it has to go to the channel instead. */
const mentionRoom = 32;

const megabytes = (bytes: number, messages: Messages) =>
  messages.t("discord:result.megabytes", { value: Math.round((bytes / 1024 / 1024) * 10) / 10 });

/** The images as files named imagine-1.png, imagine-2.png, … */
export function toFiles(images: readonly ImageData[]): NamedFile[] {
  return images.map((image, index) => ({
    name: `imagine-${index + 1}.${extensionFor(image.mimeType)}`,
    data: image.bytes,
  }));
}

/** Room for the name of an edit's input in the caption; Discord allows far longer file names. */
const inputNameRoom = 100;

/**
 * The caption of finished images, in `messages`' language: the prompt as inert text, then size,
 * model, quality, the picture an edit started from (its name inert too) and time.
 */
export function renderCaption(
  request: GenerationRequest,
  elapsedMs: number,
  messages: Messages,
  notes: readonly string[] = [],
) {
  // One line whatever the name holds: the facts stay on theirs.
  const inputName = request.edit?.image.name.replace(/\s+/g, " ");
  const input =
    inputName !== undefined &&
    messages.t("discord:result.editedFrom", { name: showPrompt(inputName, inputNameRoom) });
  const elapsed = messages.t("discord:result.elapsed", { seconds: elapsedMs / 1000 });
  const facts = [request.size, request.model, request.quality, input, elapsed].filter(Boolean).join(" · ");
  const rest = [facts, ...notes].join("\n");
  const label = messages.t("discord:result.prompt", { prompt: "" });
  const room = maxContentLength - mentionRoom - label.length - 1 - rest.length;
  return `${messages.t("discord:result.prompt", { prompt: showPrompt(request.prompt, room) })}\n${rest}`;
}

/**
 * The messages that carry the result: the first replaces the progress, the others follow it.
 * Images are packed into as few messages as the upload cap allows, and the caption says (in
 * `messages`' language) when they were split or when one could not be posted at all.
 */
export function renderResult(job: FinishedJob, messages: Messages): DiscordPayload[] {
  const { groups, tooLarge } = splitAttachments(toFiles(job.images), job.capBytes);
  const [first, ...others] = groups;
  const limit = megabytes(job.capBytes, messages);
  if (!first) {
    const error = new ImagineError("delivery_failed", {
      reason: { key: "discord:result.allTooLarge", values: { count: job.images.length, limit } },
    });
    return [renderView({ kind: "failed", error }, messages)];
  }
  const notes: string[] = [];
  if (tooLarge.length > 0) {
    notes.push(messages.t("discord:result.someTooLarge", { count: tooLarge.length, limit }));
  }
  if (others.length > 0) notes.push(messages.t("discord:result.split"));
  return [
    { content: renderCaption(job.request, job.elapsedMs, messages, notes), files: first },
    ...others.map((files, index) => ({
      content: messages.t("discord:result.part", { part: index + 2, total: groups.length }),
      files,
    })),
  ];
}
