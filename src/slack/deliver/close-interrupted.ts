import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import { messagesFor } from "../../core/i18n/messages.ts";
import { pickLocale } from "../../core/i18n/locales.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { deleteLeftPreviews } from "./delete-left-previews.ts";
import { readSlackErrorCode } from "./read-slack-error-code.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { retryBlocks } from "../render/job-blocks.ts";
import { renderFailure } from "../render/render-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/** One way of telling the person, tried in turn. */
interface Step {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

/**
 * Tells a job's person that a restart stopped it, with a Retry button: its placeholder edited
 * when there is one, else a new message in its thread, else a private message in its channel.
 * Each way that fails is logged with Slack's error and the next is tried; when none works, the
 * last error is thrown (and the core logs the job as not told). Previews it left are deleted
 * once it is told. It speaks the language the job was asked in (`messageRefs.locale`).
 */
export async function closeInterrupted(
  client: Pick<webApi.WebClient, "chat" | "files">,
  job: JobRecord,
  log: Logger,
): Promise<void> {
  const messages = messagesFor(pickLocale(job.messageRefs.locale));
  const text = renderFailure(describeForSlack(new ImagineError("interrupted"), messages));
  const message = {
    channel: job.channelId,
    text: toSlackText(text),
    blocks: retryBlocks(text, job.id, messages),
  };
  const { placeholderTs, threadTs } = job.messageRefs;
  const steps: Step[] = [];
  if (placeholderTs) {
    steps.push({
      name: "edit the placeholder",
      run: () => client.chat.update({ ...message, ts: placeholderTs }),
    });
  }
  if (threadTs) {
    steps.push({
      name: "post in the thread",
      run: () => client.chat.postMessage({ ...message, thread_ts: threadTs }),
    });
  }
  steps.push({
    name: "tell the person privately",
    run: () => client.chat.postEphemeral({ ...message, user: job.userId }),
  });
  let lastError: unknown;
  for (const step of steps) {
    try {
      await step.run();
      await deleteLeftPreviews(client, job, log);
      return;
    } catch (error) {
      lastError = error;
      log.warn(
        { jobId: job.id, channelId: job.channelId, slackError: readSlackErrorCode(error), step: step.name },
        "could not close an interrupted job this way",
      );
    }
  }
  throw lastError;
}
