import type { ModalSubmitInteraction } from "discord.js";
import { parseButtonId } from "../../core/jobs/button-ids.ts";
import { varyPromptInput } from "../render/build-vary-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { messagesOf } from "./interaction-messages.ts";
import { firstImageOf, toInputImage } from "./to-input-image.ts";

/**
 * Vary's modal sent: a job with the new prompt, for the person who sent it. The form carries the
 * message whose button opened it; its first picture, as Discord serves it now, is what a model
 * that edits changes. Never throws.
 */
export async function handleVarySubmit(
  interaction: ModalSubmitInteraction,
  context: JobContext,
): Promise<void> {
  const button = parseButtonId(interaction.customId);
  if (button?.action !== "vary") return;
  try {
    const prompt = interaction.fields.getTextInputValue(varyPromptInput);
    const result = interaction.message && firstImageOf(interaction.message);
    await startJob(interaction, context, (start) =>
      context.imagine.follow({
        action: "vary",
        jobId: button.jobId,
        prompt,
        ...(result && { resultImage: toInputImage(result) }),
        actor: toActor(interaction),
        ...start,
      }),
    );
  } catch (error) {
    // A modal without its prompt field (never one of ours): nothing to start.
    context.log.warn({ error: summarizeError(error) }, "reading Vary's modal failed");
    await tellPrivately(interaction, messagesOf(interaction).t("discord:vary.unreadable")).catch(
      () => undefined,
    );
  }
}
