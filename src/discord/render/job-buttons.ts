import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";

/** What a button on a job's message asks for. */
export type ButtonAction = "reroll" | "vary" | "bigger" | "delete" | "retry";

/** One button: what it does, to which job. */
export interface JobButton {
  readonly action: ButtonAction;
  readonly jobId: string;
}

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

const actions = new Set<string>(Object.keys(looks));

/** The buttons under a finished image. */
export const resultButtons = (jobId: string): JobButton[] =>
  (["reroll", "vary", "bigger", "delete"] as const).map((action) => ({ action, jobId }));

/** The button under a job that failed or was interrupted. */
export const retryButtons = (jobId: string): JobButton[] => [{ action: "retry", jobId }];

/**
 * The custom id a button carries: `imagine:<action>:<jobId>`. Everything else a click needs is
 * read from the job's record, so the button works after a restart and on another instance.
 */
export const buttonId = ({ action, jobId }: JobButton) => `imagine:${action}:${jobId}`;

/** The button a custom id names, or undefined when it is not one of ours. */
export function parseButtonId(customId: string): JobButton | undefined {
  const match = /^imagine:([a-z]+):([\w-]{1,80})$/.exec(customId);
  if (!match || !actions.has(match[1] ?? "")) return undefined;
  return { action: match[1] as ButtonAction, jobId: match[2] ?? "" };
}

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
