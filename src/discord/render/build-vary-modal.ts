import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from "discord.js";
import { buttonId } from "../../core/jobs/button-ids.ts";
import type { Messages } from "../../core/i18n/messages.ts";

/** The text input's custom id in Vary's modal. */
export const varyPromptInput = "prompt";

/** Discord's cap on a text input's value. */
const maxInputLength = 4000;

/**
 * Vary's modal, in `messages`' language: the job's prompt, ready to change. Its custom id is the
 * button's (`imagine:vary:<jobId>`), so the submission names the job it varies.
 */
export function buildVaryModal(
  jobId: string,
  prompt: string,
  messages: Messages,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: buttonId({ action: "vary", jobId }),
    title: messages.t("discord:vary.title"),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: varyPromptInput,
            label: messages.t("discord:vary.prompt"),
            style: TextInputStyle.Paragraph,
            value: [...prompt].slice(0, maxInputLength).join(""),
            max_length: maxInputLength,
            required: true,
          },
        ],
      },
    ],
  };
}
