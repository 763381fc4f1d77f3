import type { ModalSubmitInteraction } from "discord.js";
import { editPromptInput, parseEditModalId } from "../render/build-edit-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import type { PendingEdits } from "./pending-edits.ts";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";

/** Said when the form outlived the picture it was opened for (a restart, or left open too long). */
const formExpired = "That form has expired. Use Edit image on the message again.";

/** Edit image's form sent: an edit of the kept picture with the prompt typed. Never throws. */
export async function handleEditSubmit(
  interaction: ModalSubmitInteraction,
  context: JobContext & { readonly pendingEdits: PendingEdits },
): Promise<void> {
  const key = parseEditModalId(interaction.customId);
  if (key === undefined) return;
  try {
    const image = context.pendingEdits.take(key, interaction.user.id);
    if (!image) return await tellPrivately(interaction, formExpired);
    const prompt = interaction.fields.getTextInputValue(editPromptInput);
    await startJob(interaction, context, (start) =>
      context.imagine.submit({ request: { prompt, edit: { image } }, actor: toActor(interaction), ...start }),
    );
  } catch (error) {
    // A form without its prompt field (never one of ours), or the answer failing.
    context.log.warn({ error: summarizeError(error) }, "reading Edit image's form failed");
    await tellPrivately(interaction, "I couldn't read that form; use Edit image again.").catch(
      () => undefined,
    );
  }
}
