import type { types } from "@slack/bolt";
import { clampText } from "../../kit/clamp-text.ts";

/** What a button on a job's last word asks for. */
export type JobButtonAction = "reroll" | "vary" | "bigger" | "delete" | "retry";

/** Matches every button the bot draws, for the one listener that takes their clicks. */
export const jobButtonPattern = /^imagine:(reroll|vary|bigger|delete|retry):/;

/** A button's `action_id`: `imagine:<action>:<jobId>`. */
export const jobActionId = (action: JobButtonAction, jobId: string) => `imagine:${action}:${jobId}`;

/** The action and job a button's `action_id` names; undefined for anything else. */
export function readJobActionId(actionId: string): { action: JobButtonAction; jobId: string } | undefined {
  const match = /^imagine:(reroll|vary|bigger|delete|retry):(.+)$/.exec(actionId);
  if (!match) return undefined;
  return { action: match[1] as JobButtonAction, jobId: match[2]! };
}

/** Slack's limit for a section block's text; the last words are far shorter. */
const maxSectionTextLength = 3000;

const labels: Readonly<Record<JobButtonAction, string>> = {
  reroll: "🔁 Reroll",
  vary: "✏️ Vary",
  bigger: "🔍 Bigger",
  delete: "🗑️ Delete",
  retry: "🔁 Retry",
};

function button(action: JobButtonAction, jobId: string): types.Button {
  return {
    type: "button",
    text: { type: "plain_text", text: labels[action], emoji: true },
    action_id: jobActionId(action, jobId),
    value: jobId,
  };
}

/**
 * A message's blocks: its text (already escaped) as a section, then the buttons. With blocks,
 * Slack shows them instead of `text`, which stays the notification's and screen readers' fallback.
 */
function withButtons(text: string, buttons: types.Button[]): types.KnownBlock[] {
  return [
    { type: "section", text: { type: "mrkdwn", text: clampText(text, maxSectionTextLength) } },
    { type: "actions", elements: buttons },
  ];
}

/** A finished job's last word with Reroll, Vary, Bigger and Delete. */
export function resultBlocks(text: string, jobId: string): types.KnownBlock[] {
  const actions: JobButtonAction[] = ["reroll", "vary", "bigger", "delete"];
  return withButtons(
    text,
    actions.map((action) => button(action, jobId)),
  );
}

/** A failed or interrupted job's last word with a single Retry. */
export function retryBlocks(text: string, jobId: string): types.KnownBlock[] {
  return withButtons(text, [button("retry", jobId)]);
}
