import type { ButtonInteraction, ChatInputCommandInteraction, ModalSubmitInteraction } from "discord.js";

/**
 * An interaction that starts a job and whose reply shows it: `/imagine`, a button, Vary's or
 * Edit image's form.
 */
export type JobInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
