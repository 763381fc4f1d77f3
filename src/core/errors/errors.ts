import type { MessageKey, MessageValues } from "../i18n/messages.ts";

/**
 * Every way a job can end badly, as a code the renderers word for their platform.
 *
 * Refusals are caused by the person asking (bad input, policy); failures are the system's
 * (upstream down, timeout). Renderers show refusals privately and failures where the job lives.
 */
export type RefusalCode =
  | "invalid_request"
  | "not_allowed_channel"
  | "not_allowed_role"
  | "not_allowed_user"
  | "not_allowed_guild"
  | "direct_messages_disabled"
  | "cooldown"
  | "daily_limit"
  | "workspace_daily_limit"
  | "queue_full"
  | "content_policy"
  | "blocked_prompt"
  | "budget_exceeded"
  | "workspace_budget_exceeded"
  | "job_too_old"
  | "not_your_job"
  | "model_cannot_edit"
  | "input_not_allowed"
  | "input_too_large"
  | "input_not_image"
  | "input_gone";

export type FailureCode =
  | "upstream_bad_request"
  | "upstream_auth"
  | "insufficient_quota"
  | "rate_limited"
  | "upstream_unavailable"
  | "no_image"
  | "image_unavailable"
  | "image_download_timeout"
  | "timeout"
  | "cancelled"
  | "shutting_down"
  | "delivery_failed"
  | "interrupted"
  | "store_unavailable"
  | "input_unavailable"
  | "internal";

export type ErrorCode = RefusalCode | FailureCode;

const refusalCodes: ReadonlySet<string> = new Set<RefusalCode>([
  "invalid_request",
  "not_allowed_channel",
  "not_allowed_role",
  "not_allowed_user",
  "not_allowed_guild",
  "direct_messages_disabled",
  "cooldown",
  "daily_limit",
  "workspace_daily_limit",
  "queue_full",
  "content_policy",
  "blocked_prompt",
  "budget_exceeded",
  "workspace_budget_exceeded",
  "job_too_old",
  "not_your_job",
  "model_cannot_edit",
  "input_not_allowed",
  "input_too_large",
  "input_not_image",
  "input_gone",
]);

/** A sentence from the catalogue, with the values it fills in, to be worded in the reader's language. */
export interface ErrorReason {
  readonly key: MessageKey;
  readonly values?: MessageValues;
}

/** Facts a renderer may put into its sentence; never secrets, never raw upstream bodies. */
export interface ErrorContext {
  /**
   * The whole sentence the person reads for this error, in place of its code's own: what was
   * wrong with the input ("Size "3k" is not available …"), worded in the reader's language.
   */
  reason?: ErrorReason;
  /** Text that is not the bot's own (an upstream's words), shown after the code's sentence. */
  detail?: string;
  /** Seconds until the person may try again. */
  retryAfterSeconds?: number;
  /** Channel or group ids the rule allows, so a renderer can name them. */
  allowedIds?: readonly string[];
  /** Group ids the rule refuses, so a renderer can name them. */
  deniedIds?: readonly string[];
  limit?: number;
  /** Models that can do what was asked (edit images), for a refusal that names them. */
  models?: readonly string[];
  /** Days job records are kept, for a button on one retention has dropped. */
  retentionDays?: number;
  /** What a button asked to do with someone else's job ("delete", "retry"). */
  action?: string;
  /** Images still allowed today, for a daily-limit refusal. */
  remaining?: number;
  /** The blocked term a prompt contained, for the mod-log only: never shown to the person. */
  blockedTerm?: string;
  /** For a budget refusal: the budget, what is left of it, and what the image would cost (US dollars). */
  budgetUsd?: number;
  leftUsd?: number;
  costUsd?: number;
  /** Upstream HTTP status, request id and similar, for logs only. */
  status?: number;
  upstreamMessage?: string;
}

/** The one error type the core emits; `code` decides the words, `context` fills them in. */
export class ImagineError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(context.detail ?? context.reason?.key ?? code, options);
    this.name = "ImagineError";
    this.code = code;
    this.context = context;
  }

  /** True when the person asking caused it (shown privately), false for system failures. */
  get isRefusal(): boolean {
    return refusalCodes.has(this.code);
  }
}

/** Turns anything thrown into an ImagineError, keeping the original as the cause. */
export function toImagineError(error: unknown): ImagineError {
  if (error instanceof ImagineError) return error;
  return new ImagineError("internal", {}, { cause: error });
}
