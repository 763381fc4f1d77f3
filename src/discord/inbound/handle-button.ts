import type { ButtonInteraction } from "discord.js";
import { ImagineError } from "../../core/errors/errors.ts";
import { deleteJobMessages } from "../deliver/delete-job-messages.ts";
import { describeForDiscord } from "../render/describe-for-discord.ts";
import { parseButtonId } from "../../core/jobs/button-ids.ts";
import { buildVaryModal } from "../render/build-vary-modal.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { messagesOf } from "./interaction-messages.ts";

/** A store that fails reads as the bot's own fault, said privately. */
const internal = () => new ImagineError("internal");

/** Vary: the job's prompt in a modal to change it; the modal's submission starts the job. */
async function openVaryModal(
  interaction: ButtonInteraction,
  jobId: string,
  context: JobContext,
): Promise<void> {
  const job = await context.imagine.findJob(jobId).catch((error: unknown) => {
    context.log.error({ err: error }, "reading the job for Vary failed");
    return internal();
  });
  const messages = messagesOf(interaction);
  if (job instanceof ImagineError) return tellPrivately(interaction, describeForDiscord(job, messages));
  await interaction.showModal(buildVaryModal(job.id, job.request.prompt, messages));
}

/** Delete: the requester's or a moderator's; anyone else is told so and nothing changes. */
async function deleteResult(
  interaction: ButtonInteraction,
  jobId: string,
  context: JobContext,
): Promise<void> {
  const job = await context.imagine.deleteJob(jobId, toActor(interaction)).catch((error: unknown) => {
    context.log.error({ err: error }, "deleting the job failed");
    return internal();
  });
  const messages = messagesOf(interaction);
  if (job instanceof ImagineError) return tellPrivately(interaction, describeForDiscord(job, messages));
  await interaction.deferUpdate();
  await deleteJobMessages(interaction, job, { ...context, messages });
}

/**
 * A click on one of the buttons under a job's message. Reroll, Bigger and Retry start a job for
 * the person who clicked, shown in a new reply; Vary opens a modal; Delete removes the result.
 * Every click is answered within Discord's 3 s, in the clicker's language. Never throws:
 * everything is logged.
 */
export async function handleButton(interaction: ButtonInteraction, context: JobContext): Promise<void> {
  const button = parseButtonId(interaction.customId);
  if (!button) return;
  const { action, jobId } = button;
  try {
    switch (action) {
      case "reroll":
      case "bigger":
      case "retry":
        return await startJob(interaction, context, (start) =>
          context.imagine.follow({ action, jobId, actor: toActor(interaction), ...start }),
        );
      case "vary":
        return await openVaryModal(interaction, jobId, context);
      case "delete":
        return await deleteResult(interaction, jobId, context);
    }
  } catch (error) {
    context.log.warn({ error: summarizeError(error), action, jobId }, "answering a button failed");
  }
}
