import type { ChatInputCommandInteraction } from "discord.js";
import type { EditInputs } from "../../core/requests/input-image.ts";
import type { RawRequest } from "../../core/requests/request.ts";
import { toInputImage } from "./to-input-image.ts";

/** The attachments given to `/imagine`: with an image the request is an edit of it. */
function editInputs(interaction: ChatInputCommandInteraction): EditInputs | undefined {
  const image = interaction.options.getAttachment("image");
  if (!image) return undefined;
  const mask = interaction.options.getAttachment("mask");
  return { image: toInputImage(image), ...(mask && { mask: toInputImage(mask) }) };
}

/** What the person typed into `/imagine`, unchecked: the core checks it. */
export function toRawRequest(interaction: ChatInputCommandInteraction): RawRequest {
  const { options } = interaction;
  return {
    prompt: options.getString("prompt") ?? "",
    model: options.getString("model") ?? undefined,
    size: options.getString("size") ?? undefined,
    quality: options.getString("quality") ?? undefined,
    count: options.getInteger("count") ?? undefined,
    edit: editInputs(interaction),
  };
}
