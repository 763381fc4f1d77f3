import { MessageFlags, type ChatInputCommandInteraction } from "discord.js";
import { ImagineError } from "../../core/errors/errors.ts";
import type { JobSink } from "../../core/jobs/job-events.ts";
import type { AdapterObserver } from "../../core/jobs/job-observer.ts";
import type { AcceptedJob, Imagine, Submission } from "../../core/jobs/submission.ts";
import { createReplySink, type ReplySinkOptions } from "../deliver/create-reply-sink.ts";
import { describeForDiscord } from "../render/describe-for-discord.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";
import { toActor } from "./to-actor.ts";
import { toRawRequest } from "./to-raw-request.ts";

/** What `/imagine` needs besides the interaction: the core, and what each job's reply sink needs. */
export interface ImagineContext extends Omit<ReplySinkOptions, "interaction" | "job" | "deferred"> {
  readonly imagine: Imagine;
  /** Told how long the person waited for the deferral or the refusal. */
  readonly observer: AdapterObserver;
}

/** Answers only the person, with a sentence that pings nobody. */
async function tellPrivately(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.reply({ ...toDiscordMessage(text), flags: MessageFlags.Ephemeral });
}

/**
 * `/imagine`: submit to the core; a refusal is answered privately and nothing is generated, an
 * accepted job is deferred at once (Discord wants an answer within 3 s) and then edited as it
 * moves. Never throws: everything is logged.
 */
export async function handleImagine(
  interaction: ChatInputCommandInteraction,
  context: ImagineContext,
): Promise<void> {
  const receivedAt = context.now();
  const acknowledged = () => context.observer.acknowledged("discord", context.now() - receivedAt);
  const log = context.log.child({ interactionId: interaction.id, userId: interaction.user.id });
  // The core waits for this before the job may start: the deferral is never behind a burst of jobs.
  const openSink = async (job: AcceptedJob): Promise<JobSink> => {
    const deferred = await interaction.deferReply().then(
      () => {
        acknowledged();
        return true;
      },
      (error: unknown) => {
        log.warn(
          { error: summarizeError(error) },
          "could not defer the reply; the result will go to the channel",
        );
        return false;
      },
    );
    return createReplySink({ ...context, interaction, log, job, deferred });
  };
  const submit = async (): Promise<Submission> =>
    context.imagine.submit({ request: toRawRequest(interaction), actor: toActor(interaction), openSink });
  const submission = await submit().catch((error: unknown): Submission => {
    log.error({ err: error }, "submitting /imagine failed");
    return { status: "refused", error: new ImagineError("internal") };
  });
  if (submission.status === "refused") {
    log.info({ code: submission.error.code }, "request refused");
    await tellPrivately(interaction, describeForDiscord(submission.error)).then(
      acknowledged,
      (error: unknown) =>
        log.warn({ error: summarizeError(error) }, "could not tell the person why their request was refused"),
    );
  }
}
