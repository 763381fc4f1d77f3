import { MessageFlags, type ChatInputCommandInteraction, type REST } from "discord.js";
import type { Logger } from "pino";
import { ImagineError } from "../core/errors.ts";
import type { Imagine, Submission } from "../core/imagine.ts";
import { createReplySink } from "./create-reply-sink.ts";
import type { ProgressBudgets } from "./progress-budgets.ts";
import { describeForDiscord } from "./describe-for-discord.ts";
import { summarizeError } from "./summarize-error.ts";
import { toActor } from "./to-actor.ts";
import { toRawRequest } from "./to-raw-request.ts";

/** What `/imagine` needs besides the interaction. */
export interface ImagineContext {
  readonly imagine: Imagine;
  /** For channel messages when the reply is out of reach. */
  readonly rest: REST;
  /** Shared by every job's progress edits. */
  readonly budgets: ProgressBudgets;
  readonly log: Logger;
  /** Least time between two progress edits. */
  readonly intervalMs: number;
  /** How often the elapsed time on "Generating…" moves. */
  readonly tickMs: number;
  readonly now: () => number;
}

/** Answers only the person, with a sentence that pings nobody. */
async function tellPrivately(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
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
  const log = context.log.child({ interactionId: interaction.id, userId: interaction.user.id });
  // The sink exists before submit: the core may send events before submit's promise resolves.
  const { rest, budgets, intervalMs, tickMs, now } = context;
  const reply = createReplySink({ interaction, rest, budgets, log, intervalMs, tickMs, now });
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
    await tellPrivately(interaction, describeForDiscord(submission.error)).catch((error: unknown) =>
      log.warn({ error: summarizeError(error) }, "could not tell the person why their request was refused"),
    );
    return;
  }
  const deferred = interaction.deferReply().then(
    () => true,
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
