import type { ChatInputCommandInteraction } from "discord.js";
import { historyLength, type Imagine } from "../../core/jobs/submission.ts";
import type { Logger } from "pino";
import { renderHistory } from "../render/render-history.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { tellPrivately } from "./start-job.ts";
import { toActor } from "./to-actor.ts";
import { messagesOf } from "./interaction-messages.ts";

/** `/imagine-history`: the person's last jobs, privately, in their language. Never throws. */
export async function handleHistory(
  interaction: ChatInputCommandInteraction,
  context: { readonly imagine: Imagine; readonly log: Logger },
): Promise<void> {
  const messages = messagesOf(interaction);
  try {
    const jobs = await context.imagine.history(toActor(interaction), historyLength);
    await tellPrivately(interaction, renderHistory(jobs, messages));
  } catch (error) {
    context.log.warn({ error: summarizeError(error) }, "answering /imagine-history failed");
    await tellPrivately(interaction, messages.t("discord:history.unreadable")).catch(() => undefined);
  }
}
