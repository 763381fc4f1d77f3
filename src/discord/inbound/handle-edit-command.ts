import type { MessageContextMenuCommandInteraction } from "discord.js";
import type { Logger } from "pino";
import { buildEditModal } from "../render/build-edit-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import type { PendingEdits } from "./pending-edits.ts";
import { messagesOf } from "./interaction-messages.ts";
import { tellPrivately } from "./start-job.ts";
import { firstImageOf, toInputImage } from "./to-input-image.ts";

/** What the Edit image command needs: where to keep the picture while its form is open. */
export interface EditCommandContext {
  readonly pendingEdits: PendingEdits;
  readonly log: Logger;
}

/**
 * **Edit image** on a message: its first picture is kept for the form that asks what to change;
 * the form's submission starts the edit. Nothing is checked here beyond there being a picture:
 * the core checks the rest when the prompt arrives. Never throws: everything is logged.
 */
export async function handleEditCommand(
  interaction: MessageContextMenuCommandInteraction,
  context: EditCommandContext,
): Promise<void> {
  const messages = messagesOf(interaction);
  try {
    const image = firstImageOf(interaction.targetMessage);
    if (!image) return await tellPrivately(interaction, messages.t("discord:edit.noImage"));
    context.pendingEdits.remember(interaction.id, interaction.user.id, toInputImage(image));
    await interaction.showModal(buildEditModal(interaction.id, messages));
  } catch (error) {
    context.log.warn({ error: summarizeError(error) }, "answering Edit image failed");
  }
}
