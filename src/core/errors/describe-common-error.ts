import type { Messages } from "../i18n/messages.ts";
import type { Platform } from "../policy/actor.ts";
import { describeDailyLimit, type DailyLimitState } from "./describe-daily-limit.ts";
import { describeBudget, type BudgetState } from "./describe-budget.ts";
import type { ErrorCode, ErrorReason } from "./errors.ts";

/**
 * Which platform is speaking, so a sentence that names a guild or workspace takes that
 * platform's own key ("server" on Discord, "workspace" on Slack) rather than a glued-in noun.
 */
export interface PlatformWords {
  readonly platform: Platform;
}

/** The facts of an error's context that the common sentences fill in. */
export interface CommonErrorFacts extends DailyLimitState, BudgetState {
  /** The whole sentence to say instead of the code's own, as a catalogue key. */
  readonly reason?: ErrorReason;
  /** Text that is not ours (an upstream's words), added to the code's sentence. */
  readonly detail?: string;
  readonly retentionDays?: number;
  readonly action?: string;
  readonly models?: readonly string[];
}

type Sentence = (facts: CommonErrorFacts, words: PlatformWords, messages: Messages) => string;

const sentences = {
  invalid_request: ({ detail }, _, m) => detail ?? m.t("core:errors.invalidRequest"),
  not_allowed_channel: (_, __, m) => m.t("core:errors.notAllowedChannel"),
  not_allowed_user: (_, __, m) => m.t("core:errors.notAllowedUser"),
  not_allowed_guild: (_, { platform }, m) => m.t(`core:errors.notAllowedGuild.${platform}`),
  direct_messages_disabled: (_, __, m) => m.t("core:errors.directMessagesDisabled"),
  cooldown: ({ retryAfterSeconds }, _, m) => m.t("core:errors.cooldown", { count: retryAfterSeconds ?? 1 }),
  daily_limit: (facts, _, messages) => describeDailyLimit("you", facts, messages),
  workspace_daily_limit: (facts, { platform }, messages) => describeDailyLimit(platform, facts, messages),
  queue_full: ({ limit }, _, m) => m.t("core:errors.queueFull", { count: limit ?? 0 }),
  content_policy: (_, __, m) => m.t("core:errors.contentPolicy"),
  // Neutral on purpose: naming the term would teach how to step around it.
  blocked_prompt: (_, __, m) => m.t("core:errors.blockedPrompt"),
  budget_exceeded: (facts, _, messages) => describeBudget("you", facts, messages),
  workspace_budget_exceeded: (facts, { platform }, messages) => describeBudget(platform, facts, messages),
  upstream_bad_request: ({ detail }, _, m) =>
    detail ? m.t("core:errors.upstreamBadRequestDetail", { detail }) : m.t("core:errors.upstreamBadRequest"),
  upstream_auth: (_, __, m) => m.t("core:errors.upstreamAuth"),
  insufficient_quota: (_, __, m) => m.t("core:errors.insufficientQuota"),
  rate_limited: (_, __, m) => m.t("core:errors.rateLimited"),
  upstream_unavailable: (_, __, m) => m.t("core:errors.upstreamUnavailable"),
  no_image: (_, __, m) => m.t("core:errors.noImage"),
  image_unavailable: (_, __, m) => m.t("core:errors.imageUnavailable"),
  image_download_timeout: (_, __, m) => m.t("core:errors.imageDownloadTimeout"),
  timeout: (_, __, m) => m.t("core:errors.timeout"),
  cancelled: (_, __, m) => m.t("core:errors.cancelled"),
  shutting_down: (_, __, m) => m.t("core:errors.shuttingDown"),
  delivery_failed: ({ detail }, _, m) =>
    detail ? m.t("core:errors.deliveryFailedDetail", { detail }) : m.t("core:errors.deliveryFailed"),
  job_too_old: ({ retentionDays }, _, m) =>
    retentionDays ? m.t("core:errors.jobTooOldKept", { count: retentionDays }) : m.t("core:errors.jobTooOld"),
  not_your_job: ({ action }, _, m) =>
    m.t(action === "delete" ? "core:errors.notYourJob.delete" : "core:errors.notYourJob.retry"),
  model_cannot_edit: ({ models }, _, m) =>
    models && models.length > 0
      ? m.t("core:errors.modelCannotEditList", { models: models.join(", ") })
      : m.t("core:errors.modelCannotEdit"),
  input_not_allowed: (_, __, m) => m.t("core:errors.inputNotAllowed"),
  input_too_large: ({ limit }, _, m) =>
    limit ? m.t("core:errors.inputTooLargeLimit", { limit }) : m.t("core:errors.inputTooLarge"),
  input_not_image: (_, __, m) => m.t("core:errors.inputNotImage"),
  input_gone: (_, __, m) => m.t("core:errors.inputGone"),
  input_unavailable: (_, __, m) => m.t("core:errors.inputUnavailable"),
  interrupted: (_, __, m) => m.t("core:errors.interrupted"),
  store_unavailable: (_, __, m) => m.t("core:errors.storeUnavailable"),
  internal: (_, __, m) => m.t("core:errors.internal"),
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

/**
 * The plain sentence a member reads, in `messages`' language, for an error that every platform
 * words alike. An error that carries its own `reason` (what was wrong with the input) says that.
 */
export function describeCommonError(
  code: CommonErrorCode,
  facts: CommonErrorFacts,
  words: PlatformWords,
  messages: Messages,
): string {
  if (facts.reason) return messages.t(facts.reason.key, facts.reason.values);
  return sentences[code](facts, words, messages);
}
