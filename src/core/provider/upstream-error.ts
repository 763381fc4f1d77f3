import { z } from "zod";
import { ImagineError } from "../errors/errors.ts";

/** OpenAI's error body, which CometAPI uses too; every field may be missing or null. */
export const openAiErrorBody = z.object({
  error: z
    .object({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    })
    .passthrough(),
});

export interface UpstreamFailure {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly message: string;
}

const quotaCodes = new Set(["insufficient_quota", "insufficient_user_quota", "billing_hard_limit_reached"]);
const policyCodes = new Set(["moderation_blocked", "content_policy_violation", "content_filter"]);
const policyWords = /content policy|safety system|moderation|not allowed by our safety/i;

/** Reads an error body leniently: a gateway may answer HTML or nothing at all. */
export function parseUpstreamFailure(status: number, body: unknown): UpstreamFailure {
  const parsed = openAiErrorBody.safeParse(body);
  const error = parsed.success ? parsed.data.error : {};
  return {
    status,
    code: String(error.code ?? ""),
    type: error.type ?? "",
    message: error.message ?? "",
  };
}

// The request id sits inside CometAPI's message ("… (request id: 2025…)"): keep it for logs only.
function forPeople(message: string): string | undefined {
  const cleaned = message
    .replace(/\(?request id:?\s*[\w-]+\)?/gi, "")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned ? cleaned.slice(0, 200) : undefined;
}

/** Maps an upstream error to the code people see; `retryable` says whether to try again. */
export function classifyUpstreamFailure(failure: UpstreamFailure): {
  error: ImagineError;
  retryable: boolean;
} {
  const { status, code, message } = failure;
  const context = { status, upstreamMessage: message || undefined };
  const make = (kind: ConstructorParameters<typeof ImagineError>[0], extra: object = {}) =>
    new ImagineError(kind, { ...context, ...extra });

  if (quotaCodes.has(code)) return { error: make("insufficient_quota"), retryable: false };
  if (policyCodes.has(code) || (status === 400 && policyWords.test(message))) {
    return { error: make("content_policy"), retryable: false };
  }
  if (status === 401 || status === 403) return { error: make("upstream_auth"), retryable: false };
  if (status === 402) return { error: make("insufficient_quota"), retryable: false };
  if (status === 429) return { error: make("rate_limited"), retryable: true };
  if (status >= 500 && code === "invalid_request") {
    return { error: make("upstream_bad_request", { detail: forPeople(message) }), retryable: false };
  }
  if (status >= 500) return { error: make("upstream_unavailable"), retryable: true };
  return { error: make("upstream_bad_request", { detail: forPeople(message) }), retryable: false };
}
