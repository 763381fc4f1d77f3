import type { Messages } from "../../core/i18n/messages.ts";
import type { GenerationRequest } from "../../core/requests/request.ts";
import type { ProgressState } from "../deliver/advance-progress.ts";
import { escapeSlackText } from "./escape-text.ts";

/** `3.2 s`: a job's time, to a tenth of a second. */
const preciseSeconds = (ms: number, messages: Messages) =>
  messages.t("slack:elapsed.precise", { seconds: ms / 1000 });

/** `8 s`, `2 min 5 s`. */
export function formatSeconds(totalSeconds: number, messages: Messages): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  return whole < 60
    ? messages.t("slack:elapsed.seconds", { seconds: whole })
    : messages.t("slack:elapsed.minutesSeconds", { minutes: Math.floor(whole / 60), seconds: whole % 60 });
}

function previewNote(previews: number, expected: number, messages: Messages): string | undefined {
  if (previews === 0) return undefined;
  return previews <= expected
    ? messages.t("slack:progress.previewOf", { received: previews, expected })
    : messages.t("slack:progress.preview", { received: previews });
}

function headline(state: ProgressState, count: number, messages: Messages): string {
  switch (state.phase) {
    case "waiting":
      return `:hourglass_flowing_sand: ${messages.t("slack:progress.waiting")}`;
    case "queued":
      return state.position === 1
        ? `:hourglass_flowing_sand: ${messages.t("slack:progress.nextInLine")}`
        : `:hourglass_flowing_sand: ${messages.t("slack:progress.queued", { position: state.position })}`;
    case "drawing":
      return `:art: ${messages.t("slack:progress.drawing", { count })}`;
    case "uploading":
      return `:outbox_tray: ${messages.t("slack:progress.uploading", { count })}`;
  }
}

/** The placeholder's text while the job runs; elapsed time is left out under a second. */
export function renderProgress(
  state: ProgressState,
  count: number,
  elapsedSeconds: number,
  messages: Messages,
): string {
  const notes = [
    state.phase === "drawing" ? previewNote(state.previews, state.expectedPreviews, messages) : undefined,
    elapsedSeconds >= 1 ? formatSeconds(elapsedSeconds, messages) : undefined,
  ].filter((note) => note !== undefined);
  const title = headline(state, count, messages);
  return notes.length > 0
    ? messages.t("slack:progress.withNotes", { headline: title, notes: notes.join(", ") })
    : title;
}

/** The placeholder's last text when the images were posted. */
export function renderDone(count: number, elapsedMs: number, messages: Messages): string {
  const done = messages.t("slack:progress.done", { count, elapsed: preciseSeconds(elapsedMs, messages) });
  return `:white_check_mark: ${done}`;
}

/** The placeholder's last text when the job failed or was stopped. */
export function renderFailure(sentence: string): string {
  return `:warning: ${sentence}`;
}

/**
 * The comment posted with the images: the prompt as plain text, then what made it (and, for an
 * edit, the image it started from).
 */
export function renderImageComment(
  request: GenerationRequest,
  elapsedMs: number,
  messages: Messages,
): string {
  const details = [
    ...(request.edit
      ? [messages.t("slack:comment.editedFrom", { name: escapeSlackText(request.edit.image.name) })]
      : []),
    request.size,
    request.model,
    ...(request.quality ? [messages.t("slack:comment.quality", { quality: request.quality })] : []),
    preciseSeconds(elapsedMs, messages),
  ];
  return `${messages.t("slack:quoted", { text: escapeSlackText(request.prompt) })}\n${details.join(" · ")}`;
}

/** The visible message a slash command starts its thread under: who asked, and what. */
export function renderAnnouncement(userId: string, request: GenerationRequest, messages: Messages): string {
  return messages.t("slack:announcement", {
    count: request.count,
    user: `<@${userId}>`,
    prompt: escapeSlackText(request.prompt),
  });
}
