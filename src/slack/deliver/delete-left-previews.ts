import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { readSlackErrorCode } from "./read-slack-error-code.ts";

/**
 * Deletes the preview files a job noted (`messageRefs.previewFiles`) that a process stopped before
 * deleting. Once the job's last word no longer draws them; a file already gone counts as deleted,
 * any other failure is logged.
 */
export async function deleteLeftPreviews(
  client: Pick<webApi.WebClient, "files">,
  job: JobRecord,
  log: Logger,
): Promise<void> {
  const files = (job.messageRefs["previewFiles"] ?? "").split(",").filter((file) => file !== "");
  await Promise.all(
    files.map(async (file) => {
      try {
        await client.files.delete({ file });
      } catch (error) {
        const code = readSlackErrorCode(error);
        if (code !== "file_not_found") {
          log.warn({ jobId: job.id, slackError: code, file }, "could not delete a preview a restart left");
        }
      }
    }),
  );
}
