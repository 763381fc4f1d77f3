import type { APIActionRowComponent, APIButtonComponent } from "discord.js";
import { toComponents, type DiscordButton } from "./job-buttons.ts";
import type { NamedFile } from "./split-attachments.ts";
import { clampContent } from "./show-prompt.ts";

/** A message's options as discord.js takes them for replies, edits and follow-ups. */
export interface DiscordMessage {
  readonly content: string;
  readonly allowedMentions: { readonly parse: [] };
  readonly files?: { attachment: Buffer; name: string }[];
  /** The message's buttons; an empty list removes the ones it had. */
  readonly components: APIActionRowComponent<APIButtonComponent>[];
}

/**
 * Every message the adapter sends is built here, so every one keeps to Discord's rules: the text
 * cut to 2,000 characters (Discord refuses a longer one with a 400, and the person would see
 * nothing at all) and mentions that ping nobody.
 */
export function toDiscordMessage(
  content: string,
  files?: readonly NamedFile[],
  buttons: readonly DiscordButton[] = [],
): DiscordMessage {
  return {
    content: clampContent(content),
    allowedMentions: { parse: [] },
    components: toComponents(buttons),
    ...(files && { files: files.map((file) => ({ attachment: file.data, name: file.name })) }),
  };
}
