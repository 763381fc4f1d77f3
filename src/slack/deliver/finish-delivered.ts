import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { messagesFor } from "../../core/i18n/messages.ts";
import { pickLocale } from "../../core/i18n/locales.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { deleteLeftPreviews } from "./delete-left-previews.ts";
import { resultBlocks } from "../render/job-blocks.ts";
import { renderDone } from "../render/render-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/**
 * Gives a job whose images were posted, by a process that died before its last word landed, that
 * last word: the placeholder (or the message that replaced it) says it is done and carries the
 * result's buttons, instead of staying at "Uploading…". The time shown is from the request to the
 * moment the images were recorded, in the language the job was asked in (`messageRefs.locale`).
 * Previews it left are deleted once that is said.
 */
export async function finishDelivered(
  client: Pick<webApi.WebClient, "chat" | "files">,
  job: JobRecord,
  log: Logger,
): Promise<void> {
  const ts = job.messageRefs.resultTs ?? job.messageRefs.placeholderTs;
  if (!ts) return deleteLeftPreviews(client, job, log);
  const messages = messagesFor(pickLocale(job.messageRefs.locale));
  const text = renderDone(job.imageRefs.length, job.updatedAt - job.createdAt, messages);
  await client.chat.update({
    channel: job.channelId,
    ts,
    text: toSlackText(text),
    blocks: resultBlocks(text, job.id, messages),
  });
  await deleteLeftPreviews(client, job, log);
}
