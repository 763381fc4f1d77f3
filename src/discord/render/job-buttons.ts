import { buttonId, resultActions, type ButtonAction, type JobButton } from "../../core/jobs/button-ids.ts";
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";

const looks: Record<
  ButtonAction,
  { label: string; emoji: string; style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger }
> = {
  reroll: { label: "Reroll", emoji: "🔁", style: ButtonStyle.Secondary },
  vary: { label: "Vary", emoji: "✏️", style: ButtonStyle.Secondary },
  bigger: { label: "Bigger", emoji: "🔍", style: ButtonStyle.Secondary },
  delete: { label: "Delete", emoji: "🗑️", style: ButtonStyle.Danger },
  retry: { label: "Retry", emoji: "🔁", style: ButtonStyle.Primary },
};

/** The buttons under a finished image. */
export const resultButtons = (jobId: string): JobButton[] =>
  resultActions.map((action) => ({ action, jobId }));

/** The button under a job that failed or was interrupted. */
export const retryButtons = (jobId: string): JobButton[] => [{ action: "retry", jobId }];

/** The buttons as one action row in Discord's API shape; no row at all for none. */
export function toComponents(buttons: readonly JobButton[]): APIActionRowComponent<APIButtonComponent>[] {
  if (buttons.length === 0) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: buttons.map((button) => ({
        type: ComponentType.Button,
        style: looks[button.action].style,
        label: looks[button.action].label,
        emoji: { name: looks[button.action].emoji },
        custom_id: buttonId(button),
      })),
    },
  ];
}
