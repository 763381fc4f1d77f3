import { ImagineError } from "../../core/errors/errors.ts";
import type { AskContext } from "./ask-context.ts";
import type { ClickAnswer } from "./click-answer.ts";
import type { ButtonClick } from "./read-button-click.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { varyModal } from "../render/vary-modal.ts";

/**
 * Vary's first step: the job's prompt in a modal, in the clicker's language, opened with the
 * click's `trigger_id` (Slack honours it for 3 seconds, once), carrying the job's first image for
 * the submission to edit. A job retention has dropped is refused privately. Rejects when the
 * store does.
 */
export async function openVaryModal(
  click: ButtonClick,
  context: AskContext,
  { tell, messages, log }: ClickAnswer,
): Promise<void> {
  const job = await context.imagine.findJob(click.jobId);
  if (job instanceof ImagineError) {
    log.info({ code: job.code }, "vary refused");
    return tell(describeForSlack(job, messages));
  }
  const [fileId] = job.imageRefs;
  const target = { jobId: job.id, channelId: click.channelId, threadTs: click.threadTs, fileId };
  try {
    await context.client.views.open({
      trigger_id: click.triggerId,
      view: varyModal(target, job.request.prompt, messages),
    });
  } catch (error) {
    log.warn({ slackError: readSlackErrorCode(error) }, "could not open the Vary form");
    await tell(messages.t("slack:vary.formFailed"));
  }
}
