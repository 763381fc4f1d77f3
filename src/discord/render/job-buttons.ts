import { buttonId, resultActions, type ButtonAction, type JobButton } from "../../core/jobs/button-ids.ts";
import type { Messages } from "../../core/i18n/messages.ts";
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";

const looks: Record<
  ButtonAction,
  { emoji: string; style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger }
> = {
  reroll: { emoji: "🔁", style: ButtonStyle.Secondary },
  vary: { emoji: "✏️", style: ButtonStyle.Secondary },
  bigger: { emoji: "🔍", style: ButtonStyle.Secondary },
  delete: { emoji: "🗑️", style: ButtonStyle.Danger },
  retry: { emoji: "🔁", style: ButtonStyle.Primary },
};

/** A job's button with its label in the language of whoever it is shown to. */
export interface DiscordButton extends JobButton {
  readonly label: string;
}

const labelled = (buttons: readonly JobButton[], messages: Messages): DiscordButton[] =>
  buttons.map((button) => ({ ...button, label: messages.t(`discord:buttons.${button.action}`) }));

/** The buttons under a finished image. */
export const resultButtons = (jobId: string, messages: Messages): DiscordButton[] =>
  labelled(
    resultActions.map((action) => ({ action, jobId })),
    messages,
  );

/** The button under a job that failed or was interrupted. */
export const retryButtons = (jobId: string, messages: Messages): DiscordButton[] =>
  labelled([{ action: "retry", jobId }], messages);

/** The buttons as one action row in Discord's API shape; no row at all for none. */
export function toComponents(buttons: readonly DiscordButton[]): APIActionRowComponent<APIButtonComponent>[] {
  if (buttons.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: buttons.map((button) => ({
        type: ComponentType.Button,
        style: looks[button.action].style,
        label: button.label,
        emoji: { name: looks[button.action].emoji },
        custom_id: buttonId({ action: button.action, jobId: button.jobId }),
      })),
    },
  ];
}
