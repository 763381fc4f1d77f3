import { MessageFlags, Routes, type ButtonInteraction, type REST } from "discord.js";
import type { Logger } from "pino";
import type { Messages } from "../../core/i18n/messages.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";

/**
 * Removes a job's result: the message whose Delete was clicked (through the click's own token,
 * which needs no permission in the channel), then any further messages the result went out in.
 * The person is told privately, in `messages`' language, when the message could not be removed.
 */
export async function deleteJobMessages(
  interaction: ButtonInteraction,
  job: JobRecord,
  context: { readonly rest: REST; readonly log: Logger; readonly messages: Messages },
): Promise<void> {
  const log = context.log.child({ jobId: job.id });
  try {
    await interaction.deleteReply();
  } catch (error) {
    log.warn({ error: summarizeError(error) }, "could not delete the result message");
    await interaction
      .followUp({
        ...toDiscordMessage(context.messages.t("discord:delete.failed")),
        flags: MessageFlags.Ephemeral,
      })
      .catch(() => undefined);
    return;
  }
  const parts = (job.messageRefs.partIds ?? "")
    .split(",")
    .filter((messageId) => messageId && messageId !== interaction.message.id);
  for (const messageId of parts) {
    await context.rest
      .delete(Routes.channelMessage(job.channelId, messageId))
      .catch((error: unknown) =>
        log.info({ error: summarizeError(error), messageId }, "could not delete part of the result"),
      );
  }
  log.info("result deleted");
}
