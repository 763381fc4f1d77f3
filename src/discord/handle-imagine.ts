import { MessageFlags, type ChatInputCommandInteraction, type REST } from "discord.js";
import type { Logger } from "pino";
import { ImagineError } from "../core/errors.ts";
import type { Imagine } from "../core/imagine.ts";
import { createReplySink } from "./create-reply-sink.ts";
import { describeForDiscord } from "./describe-for-discord.ts";
import { toActor } from "./to-actor.ts";
import { toRawRequest } from "./to-raw-request.ts";

export interface ImagineContext {
  readonly imagine: Imagine;
  readonly rest: REST;
  readonly log: Logger;
  readonly intervalMs: number;
  readonly now: () => number;
}

async function tellPrivately(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/**
 * `/imagine`: submit to the core; a refusal is answered privately and nothing is generated,
 * an accepted job is deferred at once (Discord wants an answer within 3 s) and then edited.
 */
export async function handleImagine(
  interaction: ChatInputCommandInteraction,
  context: ImagineContext,
): Promise<void> {
  const log = context.log.child({ interactionId: interaction.id, userId: interaction.user.id });
  try {
    const reply = createReplySink({
      interaction,
      rest: context.rest,
      log,
      intervalMs: context.intervalMs,
      now: context.now,
    });
    const submission = await context.imagine.submit({
      request: toRawRequest(interaction),
      actor: toActor(interaction),
      sink: reply.sink,
    });
    if (submission.status === "refused") {
      log.info({ code: submission.error.code }, "request refused");
      return await tellPrivately(interaction, describeForDiscord(submission.error));
    }
    const deferred = interaction.deferReply().then(
      () => true,
      (error: unknown) => {
        log.warn({ err: error }, "could not defer the reply; the result will go to the channel");
        return false;
      },
    );
    reply.begin(submission.request, deferred);
  } catch (error) {
    log.error({ err: error }, "handling /imagine failed");
    if (!interaction.replied && !interaction.deferred) {
      await tellPrivately(interaction, describeForDiscord(new ImagineError("internal"))).catch(
        () => undefined,
      );
    }
  }
}
