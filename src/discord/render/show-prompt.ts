import { escapeMarkdown } from "discord.js";
import { clampText } from "../../kit/clamp-text.ts";

/** Discord's cap on a message's text. */
export const maxContentLength = 2000;

// discord.js leaves headings, lists, masked links and block quotes alone by default; a prompt
// must show as typed, so all of them are escaped.
const escapeOptions = { heading: true, bulletedList: true, numberedList: true, maskedLink: true };

function escapeAll(text: string): string {
  return escapeMarkdown(text, escapeOptions).replace(/^(\s*)>/gm, "$1\\>");
}

/**
 * A prompt as inert text in at most `room` characters: markdown escaped, cut short with "…" when
 * it is too long. It is cut before escaping so an escape sequence or a surrogate pair is never
 * split in half. Mentions in it stay as typed; every message goes out with
 * `allowed_mentions: { parse: [] }`, so they ping nobody.
 */
export function showPrompt(prompt: string, room: number): string {
  const escaped = escapeAll(prompt);
  if (escaped.length <= room) return escaped;
  const characters = [...prompt];
  const shorten = (keep: number) => `${escapeAll(characters.slice(0, keep).join("").trimEnd())}…`;
  // The longest start of the prompt that fits once escaped (escaping only ever lengthens it).
  let fits = 0;
  let tooLong = Math.min(characters.length, room) + 1;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (shorten(middle).length <= room) fits = middle;
    else tooLong = middle;
  }
  return shorten(fits);
}

/** Text cut to what one message may carry, ending with "…" when it was cut. */
export function clampContent(text: string): string {
  return clampText(text, maxContentLength);
}
