import type { ModalSubmitInteraction } from "discord.js";
import { parseButtonId } from "../../core/jobs/button-ids.ts";
import { varyPromptInput } from "../render/build-vary-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";

/** Vary's modal sent: a job with the new prompt, for the person who sent it. Never throws. */
export async function handleVarySubmit(
  interaction: ModalSubmitInteraction,
  context: JobContext,
): Promise<void> {
  const button = parseButtonId(interaction.customId);
  if (button?.action !== "vary") return;
  try {
    const prompt = interaction.fields.getTextInputValue(varyPromptInput);
    await startJob(interaction, context, (start) =>
      context.imagine.follow({
        action: "vary",
        jobId: button.jobId,
        prompt,
        actor: toActor(interaction),
        ...start,
      }),
    );
  } catch (error) {
    // A modal without its prompt field (never one of ours): nothing to start.
    context.log.warn({ error: summarizeError(error) }, "reading Vary's modal failed");
    await tellPrivately(interaction, "I couldn't read that form; press Vary again.").catch(() => undefined);
  }
}
