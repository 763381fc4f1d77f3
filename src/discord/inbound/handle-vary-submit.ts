import type { ModalSubmitInteraction } from "discord.js";
import { parseButtonId } from "../render/job-buttons.ts";
import { varyPromptInput } from "../render/build-vary-modal.ts";
import { startJob, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";

/** Vary's modal sent: a job with the new prompt, for the person who sent it. Never throws. */
export async function handleVarySubmit(
  interaction: ModalSubmitInteraction,
  context: JobContext,
): Promise<void> {
  const button = parseButtonId(interaction.customId);
  if (button?.action !== "vary") return;
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
}
