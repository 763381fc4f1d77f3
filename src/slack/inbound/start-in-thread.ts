import type { Logger } from "pino";
import type { Messages } from "../../core/i18n/messages.ts";
import type { MessageRefs } from "../../core/jobs/job-record.ts";
import type { JobSink } from "../../core/jobs/job-events.ts";
import type { AcceptedJob, OpenSink, Submission } from "../../core/jobs/submission.ts";
import { createThreadSink } from "../deliver/create-thread-sink.ts";
import type { TellPrivately } from "../deliver/tell-privately.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import type { AskContext } from "./ask-context.ts";

/** Where a job answers, and whom. */
export interface ThreadTarget {
  readonly channelId: string;
  /** Who asked (or clicked): named by the announcement that starts a thread. */
  readonly userId: string;
  /** Their language: the job speaks it, and records it for a later process to speak it too. */
  readonly messages: Messages;
  /** The thread to answer in; when absent, a visible message naming who asked starts one. */
  readonly threadTs?: string;
  /** Tells the person privately: a refusal, or that the bot cannot post here. */
  readonly tell: TellPrivately;
  readonly log: Logger;
  /** Called once the person has their first answer: the placeholder, or the refusal. */
  readonly acknowledged: () => void;
}

/** Submits to the core (a new request or a button's follow-up) with the sink it should open. */
export type SubmitWith = (openSink: OpenSink, messageRefs: MessageRefs) => Promise<Submission>;

/** Elapsed time on the placeholder moves on at least this often while nothing else changes. */
const elapsedRefreshMs = 5_000;

/**
 * The sink that shows `job` in the target's thread; with `placeholderTs`, one that takes over the
 * placeholder another instance posted for it (see resumeInThread).
 */
export function openThreadSink(
  context: AskContext,
  target: ThreadTarget,
  job: AcceptedJob,
  placeholderTs?: string,
): JobSink {
  return createThreadSink(job, {
    client: context.client,
    sendFileBytes: context.sendFileBytes,
    log: target.log,
    channelId: target.channelId,
    userId: target.userId,
    messages: target.messages,
    ...(target.threadTs && { threadTs: target.threadTs }),
    ...(placeholderTs && { placeholderTs }),
    tell: target.tell,
    intervalMs: context.progressIntervalMs,
    tickMs: Math.max(context.progressIntervalMs, elapsedRefreshMs),
    budgets: context.budgets,
    previews: context.previews,
    pendingEdits: context.pendingEdits,
    onPlaceholderPosted: target.acknowledged,
    now: context.now,
  });
}

/**
 * Starts a job that answers in a thread: submits with a sink that shows it there (and, as its
 * first message references, its language and the thread's ts when known), and tells a refusal
 * privately. Rejects when the submission does.
 */
export async function startInThread(
  context: AskContext,
  target: ThreadTarget,
  submit: SubmitWith,
): Promise<void> {
  const openSink: OpenSink = (job) => openThreadSink(context, target, job);
  const submission = await submit(openSink, {
    locale: target.messages.locale,
    ...(target.threadTs && { threadTs: target.threadTs }),
  });
  if (submission.status === "refused") {
    target.log.info({ code: submission.error.code }, "request refused");
    await target.tell(describeForSlack(submission.error, target.messages));
    target.acknowledged();
  }
}
