import type { ModalSubmitInteraction } from "discord.js";
import { editPromptInput, parseEditModalId } from "../render/build-edit-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import type { PendingEdits } from "./pending-edits.ts";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { messagesOf } from "./interaction-messages.ts";

/** Edit image's form sent: an edit of the kept picture with the prompt typed. Never throws. */
export async function handleEditSubmit(
  interaction: ModalSubmitInteraction,
  context: JobContext & { readonly pendingEdits: PendingEdits },
): Promise<void> {
  const key = parseEditModalId(interaction.customId);
  if (key === undefined) return;
  const messages = messagesOf(interaction);
  try {
    const image = context.pendingEdits.take(key, interaction.user.id);
    // The form outlived the picture it was opened for (a restart, or left open too long).
    if (!image) return await tellPrivately(interaction, messages.t("discord:edit.expired"));
    const prompt = interaction.fields.getTextInputValue(editPromptInput);
    await startJob(interaction, context, (start) =>
      context.imagine.submit({ request: { prompt, edit: { image } }, actor: toActor(interaction), ...start }),
    );
  } catch (error) {
    // A form without its prompt field (never one of ours), or the answer failing.
    context.log.warn({ error: summarizeError(error) }, "reading Edit image's form failed");
    await tellPrivately(interaction, messages.t("discord:edit.unreadable")).catch(() => undefined);
  }
}
