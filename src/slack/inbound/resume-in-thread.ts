import { pickLocale } from "../../core/i18n/locales.ts";
import { messagesFor } from "../../core/i18n/messages.ts";
import type { JobSink } from "../../core/jobs/job-events.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import type { AcceptedJob } from "../../core/jobs/submission.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";
import type { AskContext } from "./ask-context.ts";
import { openThreadSink } from "./start-in-thread.ts";

/**
 * The sink of a job another instance accepted, which this one runs: the same thread sink as
 * `startInThread` opens, taking over the placeholder that instance posted in the job's thread
 * (both noted on the record), in the language the job was asked in.
 */
export function resumeInThread(context: AskContext, record: JobRecord, job: AcceptedJob): JobSink {
  const { channelId, userId } = record;
  const { threadTs, placeholderTs, locale } = record.messageRefs;
  const log = context.log.child({ userId, channelId });
  const target = {
    channelId,
    userId,
    messages: messagesFor(pickLocale(locale)),
    ...(threadTs && { threadTs }),
    tell: createTellPrivately(context.client, { channelId, userId, ...(threadTs && { threadTs }) }, log),
    log,
    // The person had their first answer from the instance that accepted the job.
    acknowledged: () => undefined,
  };
  return openThreadSink(context, target, job, placeholderTs);
}
