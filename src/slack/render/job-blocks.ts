import type { types } from "@slack/bolt";
import type { Messages } from "../../core/i18n/messages.ts";
import { buttonId, resultActions, type ButtonAction } from "../../core/jobs/button-ids.ts";
import { clampText } from "../../kit/clamp-text.ts";

/** Slack's limit for a section block's text; the last words are far shorter. */
const maxSectionTextLength = 3000;

/** Slack's limit for an image block's alt text. */
const maxAltTextLength = 2000;

/** Slack's limit for a button's text. */
const maxButtonTextLength = 75;

const emoji: Readonly<Record<ButtonAction, string>> = {
  reroll: "🔁",
  vary: "✏️",
  bigger: "🔍",
  delete: "🗑️",
  retry: "🔁",
};

function label(action: ButtonAction, messages: Messages): string {
  return clampText(`${emoji[action]} ${messages.t(`slack:buttons.${action}`)}`, maxButtonTextLength);
}

function button(action: ButtonAction, jobId: string, messages: Messages): types.Button {
  return {
    type: "button",
    text: { type: "plain_text", text: label(action, messages), emoji: true },
    action_id: buttonId({ action, jobId }),
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
export function resultBlocks(text: string, jobId: string, messages: Messages): types.KnownBlock[] {
  return withButtons(
    text,
    resultActions.map((action) => button(action, jobId, messages)),
  );
}

/** A failed or interrupted job's last word with a single Retry. */
export function retryBlocks(text: string, jobId: string, messages: Messages): types.KnownBlock[] {
  return withButtons(text, [button("retry", jobId, messages)]);
}

/**
 * The progress message with the latest preview under its text: an `image` block drawing a file
 * the bot shared into the channel (`slack_file`), described for screen readers by the prompt.
 */
export function previewBlocks(
  text: string,
  fileId: string,
  prompt: string,
  messages: Messages,
): types.KnownBlock[] {
  return [
    { type: "section", text: { type: "mrkdwn", text: clampText(text, maxSectionTextLength) } },
    {
      type: "image",
      slack_file: { id: fileId },
      alt_text: clampText(messages.t("slack:preview.altText", { prompt }), maxAltTextLength),
    },
  ];
}
