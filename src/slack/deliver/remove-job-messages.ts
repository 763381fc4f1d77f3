import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { readSlackErrorCode } from "./read-slack-error-code.ts";

/** What is left of a deleted job's messages: nothing, or why its last word stays. */
export type Removal = { readonly removed: true } | { readonly removed: false; readonly slackError: string };

/**
 * Removes a deleted job from Slack: its last word (the message with the buttons, `clickedTs`,
 * and the placeholder the thread sink noted, when that is another message) with `chat.delete`,
 * and each of its images with `files.delete`. A message already gone counts as removed; an image
 * that cannot be deleted is logged, as is every other failure.
 */
export async function removeJobMessages(
  client: Pick<webApi.WebClient, "chat" | "files">,
  job: JobRecord,
  clickedTs: string,
  log: Logger,
): Promise<Removal> {
  const { placeholderTs, resultTs } = job.messageRefs;
  const messages = [...new Set([clickedTs, placeholderTs, resultTs].filter((ts) => ts !== undefined))];
  const deletions = messages.map(async (ts): Promise<string | undefined> => {
    try {
      await client.chat.delete({ channel: job.channelId, ts });
      return undefined;
    } catch (error) {
      const code = readSlackErrorCode(error);
      if (code === "message_not_found") return undefined;
      log.warn({ slackError: code, ts }, "could not delete a deleted job's message");
      return code;
    }
  });
  const files = job.imageRefs.map(async (file) => {
    try {
      await client.files.delete({ file });
    } catch (error) {
      const code = readSlackErrorCode(error);
      if (code !== "file_not_found")
        log.warn({ slackError: code, file }, "could not delete a deleted job's image");
    }
  });
  const [failures] = await Promise.all([Promise.all(deletions), Promise.all(files)]);
  const slackError = failures.find((code) => code !== undefined);
  return slackError === undefined ? { removed: true } : { removed: false, slackError };
}
