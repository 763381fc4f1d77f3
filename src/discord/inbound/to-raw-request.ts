import type { ChatInputCommandInteraction } from "discord.js";
import type { RawRequest } from "../../core/requests/request.ts";

/** What the person typed into `/imagine`, unchecked: the core checks it. */
export function toRawRequest(interaction: ChatInputCommandInteraction): RawRequest {
  const { options } = interaction;
  return {
    prompt: options.getString("prompt") ?? "",
    model: options.getString("model") ?? undefined,
    size: options.getString("size") ?? undefined,
    quality: options.getString("quality") ?? undefined,
    count: options.getInteger("count") ?? undefined,
  };
}
