import type { App } from "@slack/bolt";
import type { AskContext } from "./ask-context.ts";
import { isDirectMessageChannel } from "./build-actor.ts";
import { findResultImage } from "./find-result-image.ts";
import { followInThread } from "./follow-in-thread.ts";
import { readVarySubmission, varyCallbackId, varyPromptBlockId } from "../render/vary-modal.ts";

/** The sentence an empty prompt gets under the input (the core's words for the same refusal). */
const emptyPrompt = "Write a prompt describing the image you want.";

/**
 * The Vary modal's submission: an empty prompt keeps the modal open with an error under the
 * input; otherwise the modal closes and the new job starts in the thread the modal was opened
 * from, for the person who submitted it, as an edit of the job's first image when its model edits.
 */
export function listenForVary(app: App, context: AskContext): void {
  app.view(varyCallbackId, async ({ ack, body, view, context: bolt }) => {
    try {
      const submission = readVarySubmission(view);
      if (submission && submission.prompt.trim() === "") {
        await ack({ response_action: "errors", errors: { [varyPromptBlockId]: emptyPrompt } });
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
    }
  });
}
