import type { App } from "@slack/bolt";
import { ImagineError } from "../../core/errors/errors.ts";
import { emptyPromptKey } from "../../core/requests/request.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import type { AskContext } from "./ask-context.ts";
import { isDirectMessageChannel } from "./build-actor.ts";
import { findResultImage } from "./find-result-image.ts";
import { followInThread } from "./follow-in-thread.ts";
import { readVarySubmission, varyCallbackId, varyPromptBlockId } from "../render/vary-modal.ts";

/**
 * The Vary modal's submission: an empty prompt keeps the modal open with an error under the
 * input; otherwise the modal closes and the new job starts in the thread the modal was opened
 * from, for the person who submitted it, as an edit of the job's first image when its model edits.
 * Everything is said in that person's language (known since their click opened the modal).
 */
export function listenForVary(app: App, context: AskContext): void {
  app.view(varyCallbackId, async ({ ack, body, view, context: bolt }) => {
    const submission = readVarySubmission(view);
    const speaking = context.locales.messagesFor(body.user.id);
    try {
      if (submission && submission.prompt.trim() === "") {
        const sentence = (await speaking).t(emptyPromptKey);
        await ack({ response_action: "errors", errors: { [varyPromptBlockId]: sentence } });
        return;
      }
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? bolt.teamId;
      if (!submission || !teamId) {
        context.log.warn({ userId: body.user.id }, "ignored a Vary form without its job");
        return;
      }
      // Looked up now rather than when the modal opened: the file's URL is the one served today.
      const resultImage =
        submission.fileId === undefined
          ? undefined
          : await findResultImage(
              context.client,
              submission.fileId,
              context.log.child({ jobId: submission.jobId }),
            );
      await followInThread(
        {
          action: "vary",
          jobId: submission.jobId,
          prompt: submission.prompt,
          ...(resultImage && { resultImage }),
          teamId,
          userId: body.user.id,
          channelId: submission.channelId,
          isDirectMessage: isDirectMessageChannel(submission.channelId),
          threadTs: submission.threadTs,
        },
        context,
      );
    } catch (error) {
      context.log.error({ err: error }, "Vary form listener failed");
      // The form has closed: the person hears why nothing came of it.
      if (submission) {
        const { channelId, threadTs } = submission;
        const tell = createTellPrivately(
          context.client,
          { channelId, userId: body.user.id, threadTs },
          context.log,
        );
        await tell(describeForSlack(new ImagineError("internal"), await speaking));
      }
    }
  });
}
