import type { ChatInputCommandInteraction } from "discord.js";
import { startJob, tellPrivately, type JobContext } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { messagesOf } from "./interaction-messages.ts";
import { toRawRequest } from "./to-raw-request.ts";

/** `/imagine`: a new job from the command's options. Never throws: everything is logged. */
export async function handleImagine(
  interaction: ChatInputCommandInteraction,
  context: JobContext,
): Promise<void> {
  if (interaction.options.getAttachment("mask") && !interaction.options.getAttachment("image")) {
    // A mask says where to change an image: without one, nothing was asked that can be done.
    await tellPrivately(interaction, messagesOf(interaction).t("discord:imagine.maskWithoutImage")).catch(
      () => undefined,
    );
    return;
  }
  await startJob(interaction, context, (start) =>
    context.imagine.submit({ request: toRawRequest(interaction), actor: toActor(interaction), ...start }),
  );
}
