import type { Client } from "discord.js";
import { pickLocale } from "../../core/i18n/locales.ts";
import { messagesFor } from "../../core/i18n/messages.ts";
import type { JobSink } from "../../core/jobs/job-events.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import type { AcceptedJob } from "../../core/jobs/submission.ts";
import { createReplySink, type ReplySinkOptions } from "./create-reply-sink.ts";
import { createWebhookReply } from "./create-webhook-reply.ts";

/** What a resumed job's sink needs besides its record: what every reply sink needs. */
export type ResumeContext = Omit<
  ReplySinkOptions,
  "interaction" | "job" | "deferred" | "messages" | "queueShown"
>;

/**
 * The sink of a job another instance accepted (and deferred), which this one runs: the same reply
 * sink as `startJob` opens, editing the deferred reply through the interaction's webhook, in the
 * language the job was asked in. A job whose deferral failed (no token kept) goes to the channel.
 */
export function resumeReplySink(
  client: Client,
  record: JobRecord,
  job: AcceptedJob,
  context: ResumeContext,
): JobSink {
  const { applicationId, token, locale } = record.messageRefs;
  return createReplySink({
    ...context,
    interaction: createWebhookReply(client, record),
    job,
    deferred: Boolean(applicationId && token),
    queueShown: true,
    messages: messagesFor(pickLocale(locale)),
    log: context.log.child({ userId: record.userId }),
  });
}
