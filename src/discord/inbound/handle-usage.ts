import type { ChatInputCommandInteraction } from "discord.js";
import type { Logger } from "pino";
import type { Imagine } from "../../core/jobs/submission.ts";
import { describeUsage } from "../../core/money/describe-usage.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { messagesOf } from "./interaction-messages.ts";
import { tellPrivately } from "./start-job.ts";
import { toActor } from "./to-actor.ts";

const discordWords = { platform: "discord" as const, bold: (text: string) => `**${text}**` };

/**
 * `/imagine-usage`: the person's images and spend, and an admin's server's, privately, in their
 * language. Never throws.
 */
export async function handleUsage(
  interaction: ChatInputCommandInteraction,
  context: { readonly imagine: Imagine; readonly log: Logger; readonly now: () => number },
): Promise<void> {
  const messages = messagesOf(interaction);
  try {
    const report = await context.imagine.usage(toActor(interaction));
    await tellPrivately(interaction, describeUsage(report, discordWords, context.now(), messages));
  } catch (error) {
    context.log.warn({ error: summarizeError(error) }, "answering /imagine-usage failed");
    await tellPrivately(interaction, messages.t("discord:usage.unreadable")).catch(() => undefined);
  }
}
