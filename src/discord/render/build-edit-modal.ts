import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from "discord.js";
import type { Messages } from "../../core/i18n/messages.ts";

/** The text input's custom id in Edit image's form. */
export const editPromptInput = "prompt";

/**
 * The form's custom id starts so; unlike a button's `imagine:<action>:<jobId>` it names no job,
 * only the picture the adapter holds for it.
 */
const editModalPrefix = "imagine-edit:";

/** Discord's cap on a text input's value. */
const maxInputLength = 4000;

/** The key of the picture an Edit image form was opened for; undefined for any other form. */
export function parseEditModalId(customId: string): string | undefined {
  return customId.startsWith(editModalPrefix) ? customId.slice(editModalPrefix.length) : undefined;
}

/**
 * Edit image's form, in `messages`' language: one prompt saying what to change. `key` names the
 * picture it edits.
 */
export function buildEditModal(key: string, messages: Messages): APIModalInteractionResponseCallbackData {
  return {
    custom_id: `${editModalPrefix}${key}`,
    title: messages.t("discord:edit.title"),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: editPromptInput,
            label: messages.t("discord:edit.prompt"),
            style: TextInputStyle.Paragraph,
            placeholder: messages.t("discord:edit.placeholder"),
            max_length: maxInputLength,
            required: true,
          },
        ],
      },
    ],
  };
}
