import type { GenerationRequest } from "../../core/requests/request.ts";
import type { ProgressState } from "../deliver/advance-progress.ts";
import { escapeSlackText } from "./escape-text.ts";

const yourImages = (count: number) => (count === 1 ? "your image" : `${count} images`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `8 s`, `2 min 5 s`. */
export function formatSeconds(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function previewNote(previews: number, expected: number): string | undefined {
  if (previews === 0) return undefined;
  return previews <= expected
    ? `preview ${previews} of ${expected} received`
    : `preview ${previews} received`;
}

function headline(state: ProgressState, count: number): string {
  switch (state.phase) {
    case "waiting":
      return ":hourglass_flowing_sand: Getting ready…";
    case "queued":
      return state.position === 1
        ? ":hourglass_flowing_sand: Next in line…"
        : `:hourglass_flowing_sand: Waiting in line: position ${state.position}…`;
    case "drawing":
      return `:art: Drawing ${yourImages(count)}…`;
    case "uploading":
      return `:outbox_tray: Uploading ${yourImages(count)}…`;
  }
}

/** The placeholder's text while the job runs; elapsed time is left out under a second. */
export function renderProgress(state: ProgressState, count: number, elapsedSeconds: number): string {
  const notes = [
    state.phase === "drawing" ? previewNote(state.previews, state.expectedPreviews) : undefined,
    elapsedSeconds >= 1 ? formatSeconds(elapsedSeconds) : undefined,
  ].filter((note) => note !== undefined);
  return notes.length > 0 ? `${headline(state, count)} (${notes.join(", ")})` : headline(state, count);
}

/** The placeholder's last text when the images were posted. */
export function renderDone(count: number, elapsedMs: number): string {
  const what = count === 1 ? "Your image is" : `${count} images are`;
  return `:white_check_mark: Done in ${seconds(elapsedMs)}. ${what} below.`;
}

/** The placeholder's last text when the job failed or was stopped. */
export function renderFailure(sentence: string): string {
  return `:warning: ${sentence}`;
}

/**
 * The comment posted with the images: the prompt as plain text, then what made it (and, for an
 * edit, the image it started from).
 */
export function renderImageComment(request: GenerationRequest, elapsedMs: number): string {
  const details = [
    ...(request.edit ? [`edited from ${escapeSlackText(request.edit.image.name)}`] : []),
    request.size,
    request.model,
    ...(request.quality ? [`${request.quality} quality`] : []),
    seconds(elapsedMs),
  ];
  return `“${escapeSlackText(request.prompt)}”\n${details.join(" · ")}`;
}

/** The visible message a slash command starts its thread under: who asked, and what. */
export function renderAnnouncement(userId: string, request: GenerationRequest): string {
  const what = request.count === 1 ? "an image" : `${request.count} images`;
  return `<@${userId}> asked for ${what}: “${escapeSlackText(request.prompt)}”`;
}
