/** What a button on a job's message asks for. */
export type ButtonAction = "reroll" | "vary" | "bigger" | "delete" | "retry";

/** One button: what it does, to which job. */
export interface JobButton {
  readonly action: ButtonAction;
  readonly jobId: string;
}

/** The buttons under a finished image, in the order they are shown. */
export const resultActions: readonly ButtonAction[] = ["reroll", "vary", "bigger", "delete"];

/** Matches the id of every button the bot draws, on any platform. */
export const buttonIdPattern = /^imagine:(reroll|vary|bigger|delete|retry):/;

/**
 * The id a button carries on every platform (Discord's custom id, Slack's action id):
 * `imagine:<action>:<jobId>`. Everything else a click needs is read from the job's record, so the
 * button works after a restart and on another instance.
 */
export const buttonId = ({ action, jobId }: JobButton) => `imagine:${action}:${jobId}`;

/** The button an id names, or undefined when it is not one of ours. */
export function parseButtonId(id: string): JobButton | undefined {
  const match = /^imagine:(reroll|vary|bigger|delete|retry):([\w-]{1,80})$/.exec(id);
  if (!match) return undefined;
  return { action: match[1] as ButtonAction, jobId: match[2]! };
}
