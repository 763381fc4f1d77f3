import type { types } from "@slack/bolt";
import { z } from "zod";
import type { Messages } from "../../core/i18n/messages.ts";
import { clampText } from "../../kit/clamp-text.ts";

/** The Vary modal's `callback_id`, which its submission is routed by. */
export const varyCallbackId = "imagine:vary";

/** The prompt input's `block_id` (which an error names) and `action_id`. */
export const varyPromptBlockId = "prompt";

/** Slack's limit for a plain-text input, and so for the prompt the modal starts with. */
const maxInputLength = 3000;

/** Slack's limit for a modal's title and its submit and close buttons. */
const maxModalTextLength = 24;

/** Slack's limit for an input block's label. */
const maxLabelLength = 2000;

/** What a Vary modal carries from the click to its submission. */
export interface VaryTarget {
  /** The job whose Vary was clicked. */
  readonly jobId: string;
  /** Where the new job answers: the clicked message's channel and thread (none: a new one). */
  readonly channelId: string;
  readonly threadTs?: string;
  /** The job's first posted image (a Slack file id): what Vary edits, for a model that edits. */
  readonly fileId?: string;
}

const metadata = z.object({
  jobId: z.string().min(1),
  channelId: z.string().min(1),
  threadTs: z.string().min(1).optional(),
  fileId: z.string().min(1).optional(),
});

/** The modal Vary opens, in the clicker's language: the job's prompt, ready to be changed. */
export function varyModal(target: VaryTarget, prompt: string, messages: Messages): types.ModalView {
  // Slack refuses the whole modal when a title or button is too long: a long translation is cut.
  const short = (text: string) => ({
    type: "plain_text" as const,
    text: clampText(text, maxModalTextLength),
  });
  return {
    type: "modal",
    callback_id: varyCallbackId,
    private_metadata: JSON.stringify(target),
    title: short(messages.t("slack:vary.title")),
    submit: short(messages.t("slack:vary.submit")),
    close: short(messages.t("slack:vary.close")),
    blocks: [
      {
        type: "input",
        block_id: varyPromptBlockId,
        label: { type: "plain_text", text: clampText(messages.t("slack:vary.prompt"), maxLabelLength) },
        element: {
          type: "plain_text_input",
          action_id: varyPromptBlockId,
          multiline: true,
          // A prompt longer than Slack lets an input hold starts cut: the person sees where.
          initial_value: clampText(prompt, maxInputLength),
          max_length: maxInputLength,
        },
      },
    ],
  };
}

/** What a submitted Vary modal asks for: where, and the new prompt as typed (possibly empty). */
export interface VarySubmission extends VaryTarget {
  readonly prompt: string;
}

const submittedView = z.object({
  private_metadata: z.string(),
  state: z.object({
    values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }).loose())),
  }),
});

/** The Vary modal's submission, or undefined when the view is not one the bot opened. */
export function readVarySubmission(view: unknown): VarySubmission | undefined {
  const parsed = submittedView.safeParse(view);
  if (!parsed.success) return undefined;
  let target: z.infer<typeof metadata>;
  try {
    const read = metadata.safeParse(JSON.parse(parsed.data.private_metadata));
    if (!read.success) return undefined;
    target = read.data;
  } catch {
    return undefined;
  }
  const prompt = parsed.data.state.values[varyPromptBlockId]?.[varyPromptBlockId]?.value ?? "";
  return { ...target, prompt };
}
