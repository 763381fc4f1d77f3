import { ImagineError } from "../../core/errors/errors.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor } from "./build-actor.ts";
import type { ClickAnswer } from "./click-answer.ts";
import type { ButtonClick } from "./read-button-click.ts";
import { removeJobMessages } from "../deliver/remove-job-messages.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { describeSlackProblem } from "../render/describe-slack-problem.ts";

/**
 * Delete: the core decides (the requester, a workspace admin or an operator may) and marks the
 * job deleted; then its message and images are removed. A refusal is told privately and changes
 * nothing; a message that stays is told privately too. Rejects when the store does.
 */
export async function deleteOnClick(
  click: ButtonClick,
  context: AskContext,
  { tell, messages, log }: ClickAnswer,
): Promise<void> {
  const actor = buildActor(click, context.usergroups, context.admins);
  const job = await context.imagine.deleteJob(click.jobId, actor);
  if (job instanceof ImagineError) {
    log.info({ code: job.code }, "delete refused");
    return tell(describeForSlack(job, messages));
  }
  const removal = await removeJobMessages(context.client, job, click.messageTs, log);
  log.info({ removed: removal.removed, images: job.imageRefs.length }, "job deleted");
  if (!removal.removed) {
    const reason = messages.t(describeSlackProblem(removal.slackError).reason);
    await tell(messages.t("slack:replies.deletedButStays", { reason }));
  }
}
