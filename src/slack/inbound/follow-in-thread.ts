import { ImagineError } from "../../core/errors/errors.ts";
import type { FollowAction } from "../../core/jobs/submission.ts";
import type { InputImage } from "../../core/requests/input-image.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import { startInThread } from "./start-in-thread.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";

/** A button's follow-up job: for the person who clicked, in the thread of the clicked message. */
export interface FollowInThread extends SlackAsker {
  readonly action: FollowAction;
  /** The job whose button was clicked. */
  readonly jobId: string;
  /** Vary's new prompt. */
  readonly prompt?: string;
  /** Vary: the job's first image as Slack serves it now, edited when the job's model edits. */
  readonly resultImage?: InputImage;
  /** Absent: a visible message naming who clicked starts a thread (a private message has none). */
  readonly threadTs?: string;
}

/**
 * Starts Reroll's, Bigger's, Retry's or Vary's new job in the clicker's language: its progress
 * and images go into the thread the button was clicked in, a refusal is told privately there.
 * Never throws (it runs inside Bolt listeners).
 */
export async function followInThread(follow: FollowInThread, context: AskContext): Promise<void> {
  const receivedAt = context.now();
  const acknowledged = () => context.observer.acknowledged("slack", context.now() - receivedAt);
  const log = context.log.child({
    userId: follow.userId,
    channelId: follow.channelId,
    parentJobId: follow.jobId,
    action: follow.action,
  });
  const { channelId, userId, threadTs } = follow;
  const tell = createTellPrivately(context.client, { channelId, userId, threadTs }, log);
  const speaking = context.locales.messagesFor(userId);
  try {
    const actor = buildActor(follow, context.usergroups, context.admins);
    const messages = await speaking;
    await startInThread(
      context,
      { channelId, userId, messages, threadTs, tell, log, acknowledged },
      (openSink, messageRefs) =>
        context.imagine.follow({
          action: follow.action,
          jobId: follow.jobId,
          ...(follow.prompt !== undefined && { prompt: follow.prompt }),
          ...(follow.resultImage && { resultImage: follow.resultImage }),
          actor,
          openSink,
          messageRefs,
          // Reroll, Retry and Bigger of an edit download its input again.
          inputAccess: context.inputAccess,
        }),
    );
  } catch (error) {
    log.error({ err: error }, "starting a button's job failed");
    await tell(describeForSlack(new ImagineError("internal"), await speaking));
  }
}
