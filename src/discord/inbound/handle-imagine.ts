import type { ChatInputCommandInteraction } from "discord.js";
import { startJob, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { toRawRequest } from "./to-raw-request.ts";

/** `/imagine`: a new job from the command's options. Never throws: everything is logged. */
export async function handleImagine(
  interaction: ChatInputCommandInteraction,
  context: JobContext,
): Promise<void> {
  await startJob(interaction, context, (start) =>
    context.imagine.submit({ request: toRawRequest(interaction), actor: toActor(interaction), ...start }),
  );
}
