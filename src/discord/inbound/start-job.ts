import { MessageFlags, type MessageContextMenuCommandInteraction } from "discord.js";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import type { JobSink } from "../../core/jobs/job-events.ts";
import type { AdapterObserver } from "../../core/jobs/job-observer.ts";
import type { MessageRefs } from "../../core/jobs/job-record.ts";
import type { AcceptedJob, Imagine, OpenSink, Submission } from "../../core/jobs/submission.ts";
import type { InputImageAccess } from "../../core/requests/input-image.ts";
import { createReplySink, type ReplySinkOptions } from "../deliver/create-reply-sink.ts";
import { describeForDiscord } from "../render/describe-for-discord.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";
import { discordInputAccess } from "./discord-input-access.ts";
import type { JobInteraction } from "./job-interaction.ts";
import { messagesOf } from "./interaction-messages.ts";

/** What starting a job needs besides the interaction: the core, and what each reply sink needs. */
export interface JobContext extends Omit<ReplySinkOptions, "interaction" | "job" | "deferred" | "messages"> {
  readonly imagine: Imagine;
  /** Told how long the person waited for the deferral or the refusal. */
  readonly observer: AdapterObserver;
}

/**
 * What every submission from Discord carries: where the job's messages live, how to open its
 * sink, and where an edit's input may be downloaded from.
 */
export interface JobStart {
  readonly openSink: OpenSink;
  readonly messageRefs: MessageRefs;
  readonly inputAccess: InputImageAccess;
}

/** Answers only the person, with a sentence that pings nobody. */
export async function tellPrivately(
  interaction: JobInteraction | MessageContextMenuCommandInteraction,
  text: string,
): Promise<void> {
  await interaction.reply({ ...toDiscordMessage(text), flags: MessageFlags.Ephemeral });
}

/**
 * Where an interaction's job will be shown: its reply, reachable through its token for 15
 * minutes, then the channel; and the language it speaks. Kept with the job so a restart can
 * still close it, in that language.
 */
export function replyRefs(interaction: JobInteraction): MessageRefs {
  return {
    applicationId: interaction.applicationId,
    token: interaction.token,
    interactionAt: String(interaction.createdTimestamp),
    // Another instance that runs the job needs these to show it as this one would.
    uploadCapBytes: String(interaction.attachmentSizeLimit),
    locale: messagesOf(interaction).locale,
  };
}

/**
 * Submits through `submit` and shows the outcome, in the language of the person who asked (or
 * clicked): a refusal answered privately, an accepted job deferred at once (Discord wants an
 * answer within 3 s) and its reply edited as it moves. Never throws: everything is logged.
 */
export async function startJob(
  interaction: JobInteraction,
  context: JobContext,
  submit: (start: JobStart) => Promise<Submission>,
): Promise<void> {
  const receivedAt = context.now();
  const messages = messagesOf(interaction);
  const acknowledged = () => context.observer.acknowledged("discord", context.now() - receivedAt);
  // Made when first needed, which for an accepted job is after its deferral has been sent.
  let childLog: Logger | undefined;
  const log = () =>
    (childLog ??= context.log.child({ interactionId: interaction.id, userId: interaction.user.id }));
  // The core waits for this before the job may start: the deferral is never behind a burst of jobs.
  const openSink = async (job: AcceptedJob): Promise<JobSink> => {
    const deferred = await interaction.deferReply().then(
      () => {
        acknowledged();
        return true;
      },
      (error: unknown) => {
        log().warn(
          { error: summarizeError(error) },
          "could not defer the reply; the result will go to the channel",
        );
        // There is no reply to edit, whichever instance shows the job.
        void job.note({ messageRefs: { token: "" } });
        return false;
      },
    );
    return createReplySink({ ...context, interaction, messages, log: log(), job, deferred });
  };
  const start = { openSink, messageRefs: replyRefs(interaction), inputAccess: discordInputAccess };
  const submission = await submit(start).catch((error: unknown): Submission => {
    log().error({ err: error }, "submitting the job failed");
    return { status: "refused", error: new ImagineError("internal") };
  });
  if (submission.status === "refused") {
    log().info({ code: submission.error.code }, "request refused");
    await tellPrivately(interaction, describeForDiscord(submission.error, messages)).then(
      acknowledged,
      (error: unknown) =>
        log().warn(
          { error: summarizeError(error) },
          "could not tell the person why their request was refused",
        ),
    );
  }
}
