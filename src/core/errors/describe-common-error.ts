import { describeDailyLimit, type DailyLimitState } from "./describe-daily-limit.ts";
import { describeBudget, type BudgetState } from "./describe-budget.ts";
import type { ErrorCode } from "./errors.ts";

/** The platform's own nouns the common sentences use. */
export interface PlatformWords {
  /** What a guild or workspace is called: "server" on Discord, "workspace" on Slack. */
  readonly place: string;
}

/** The facts of an error's context that the common sentences fill in. */
export interface CommonErrorFacts extends DailyLimitState, BudgetState {
  /** What was wrong, already phrased for a person. */
  readonly detail?: string;
  readonly retentionDays?: number;
  readonly action?: string;
  readonly models?: readonly string[];
}

type Sentence = (facts: CommonErrorFacts, words: PlatformWords) => string;

const sentences = {
  invalid_request: ({ detail }) => detail ?? "That request is not valid.",
  not_allowed_channel: () => "Images can't be made in this channel.",
  not_allowed_user: () => "You are not allowed to make images with this bot.",
  not_allowed_guild: (_, { place }) => `This bot is not enabled on this ${place}.`,
  direct_messages_disabled: () => "Images can't be made in direct messages; ask in a channel instead.",
  cooldown: ({ retryAfterSeconds }) => `You can imagine again in ${retryAfterSeconds ?? 1} s.`,
  daily_limit: (facts) => describeDailyLimit({ has: "You have", reached: "You have reached your" }, facts),
  workspace_daily_limit: (facts, { place }) =>
    describeDailyLimit({ has: `This ${place} has`, reached: `This ${place} has reached its` }, facts),
  queue_full: ({ limit }) => `You already have ${limit ?? 0} images waiting; try again when one is done.`,
  content_policy: () => "The image service refused this prompt under its content policy. Try rewording it.",
  // Neutral on purpose: naming the term would teach how to step around it.
  blocked_prompt: () => "This prompt can't be used here. Try something else.",
  budget_exceeded: (facts) => describeBudget({ whose: "your", period: "day" }, facts),
  workspace_budget_exceeded: (facts, { place }) =>
    describeBudget({ whose: `this ${place}'s`, period: "month" }, facts),
  upstream_bad_request: ({ detail }) =>
    "The image service rejected the request" + (detail ? `: ${detail}` : "."),
  upstream_auth: () => "The image service refused the bot's key. The bot's operator needs to check it.",
  insufficient_quota: () => "The bot's image balance is used up. The bot's operator needs to top it up.",
  rate_limited: () => "The image service is busy right now. Please try again in a minute.",
  upstream_unavailable: () => "The image service is unavailable right now. Please try again later.",
  no_image: () => "The image service returned no image; the prompt may have been filtered. Try rewording it.",
  image_unavailable: () => "The image was made but could not be downloaded. Please try again.",
  image_download_timeout: () => "The image was made but downloading it took too long. Please try again.",
  timeout: () => "The image took too long to make and was given up. Please try again.",
  cancelled: () => "The request was cancelled.",
  shutting_down: () => "The bot is restarting; please try again in a minute.",
  delivery_failed: ({ detail }) =>
    "The image was made but could not be posted here" + (detail ? `: ${detail}` : "."),
  job_too_old: ({ retentionDays }) =>
    "That image is too old to act on" +
    (retentionDays ? ` (images are kept for ${retentionDays} days).` : ".") +
    " Make a new one instead.",
  not_your_job: ({ action }) =>
    action === "delete"
      ? "Only the person who asked for this image, or a moderator, can delete it."
      : "Only the person who asked for this image can retry it; make your own instead.",
  model_cannot_edit: ({ models }) =>
    "That model can't edit images" +
    (models && models.length > 0 ? `; these can: ${models.join(", ")}.` : "."),
  input_not_allowed: () =>
    "I can only edit images posted here (an attachment or a file in this conversation).",
  input_too_large: ({ limit }) =>
    `That image is too large to edit` + (limit ? `; the limit is ${limit} MB.` : "."),
  input_not_image: () => "That file isn't an image I can edit: use a PNG, JPEG or WebP.",
  input_gone: () =>
    "That image is no longer available to download (chat platforms expire file links); attach it again.",
  input_unavailable: () => "I couldn't download the image to edit. Please try again.",
  interrupted: () => "The bot restarted before your image was finished. Press Retry to make it again.",
  store_unavailable: () => "The bot can't save requests right now; please try again in a minute.",
  internal: () => "Something went wrong on the bot's side. Please try again.",
} satisfies Partial<Record<ErrorCode, Sentence>>;

/**
 * An error code every platform words alike, but for what it calls a guild or workspace. Each
 * adapter words the other codes in a switch the type checker holds to every code.
 */
export type CommonErrorCode = keyof typeof sentences;

/** Whether {@link describeCommonError} words `code`; narrows the adapter's code to the rest when not. */
export function isCommonErrorCode(code: ErrorCode): code is CommonErrorCode {
  return Object.hasOwn(sentences, code);
}

/** The plain sentence a member reads for an error that every platform words alike. */
export function describeCommonError(
  code: CommonErrorCode,
  facts: CommonErrorFacts,
  words: PlatformWords,
): string {
  return sentences[code](facts, words);
}
