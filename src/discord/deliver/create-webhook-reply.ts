import { InteractionWebhook, type Client } from "discord.js";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import type { JobReply } from "./create-reply-sink.ts";

/**
 * The reply of the interaction that started `job`, reached through the interaction's webhook with
 * the application id and token its record keeps (`replyRefs`): the same edits and follow-ups
 * `interaction.editReply` and `followUp` make, for an instance that never saw the interaction.
 * The token lives 15 minutes from `interactionAt`; the reply sink goes to the channel after that.
 */
export function createWebhookReply(client: Client, job: JobRecord): JobReply {
  const { applicationId = "", token = "", interactionAt, uploadCapBytes } = job.messageRefs;
  // Only its REST is used (webhook routes need no bot token), so a client not logged in will do.
  const webhook = new InteractionWebhook(client as Client<true>, applicationId, token);
  return {
    editReply: (options) => webhook.editMessage("@original", options),
    followUp: (options) => webhook.send(options),
    createdTimestamp: Number(interactionAt ?? 0),
    attachmentSizeLimit: Number(uploadCapBytes ?? 0),
    channelId: job.channelId,
    user: { id: job.userId },
  };
}
