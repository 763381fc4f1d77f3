import { MessageFlags, type ChatInputCommandInteraction } from "discord.js";
import { ImagineError } from "../../core/errors/errors.ts";
import type { Imagine, Submission } from "../../core/jobs/imagine.ts";
import type { AdapterObserver } from "../../core/jobs/job-observer.ts";
import { createReplySink, type ReplySinkOptions } from "../deliver/create-reply-sink.ts";
import { describeForDiscord } from "../render/describe-for-discord.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";
import { toActor } from "./to-actor.ts";
import { toRawRequest } from "./to-raw-request.ts";

/** What `/imagine` needs besides the interaction: the core, and what each job's reply sink needs. */
export interface ImagineContext extends Omit<ReplySinkOptions, "interaction"> {
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
  // The sink exists before submit: the core may send events before submit's promise resolves.
  const reply = createReplySink({ ...context, interaction, log });
  const submit = async (): Promise<Submission> =>
    context.imagine.submit({
      request: toRawRequest(interaction),
      actor: toActor(interaction),
      sink: reply.sink,
    });
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
    return;
  }
  const deferred = interaction.deferReply().then(
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
  submission.startAfter(deferred);
  reply.begin({ jobId: submission.jobId, request: submission.request, deferred });
}
