import type { Messages } from "../i18n/messages.ts";
import type { Platform } from "../policy/actor.ts";

/** Whose limit a sentence speaks of: the person's own, or their server's or workspace's. */
export type LimitHolder = "you" | Platform;

/** Where a daily limit stands for whoever asked. */
export interface DailyLimitState {
  /** Images still allowed today. */
  readonly remaining?: number;
  readonly limit?: number;
  /** Seconds until the limit resets. */
  readonly retryAfterSeconds?: number;
}

const sentences = {
  you: { left: "core:errors.dailyLimit.left", reached: "core:errors.dailyLimit.reached" },
  discord: {
    left: "core:errors.workspaceDailyLimit.discord.left",
    reached: "core:errors.workspaceDailyLimit.discord.reached",
  },
  slack: {
    left: "core:errors.workspaceDailyLimit.slack.left",
    reached: "core:errors.workspaceDailyLimit.slack.reached",
  },
} as const;

/** When a daily limit or budget starts again: 00:00 UTC, and how long until then when known. */
export function describeDailyReset(retryAfterSeconds: number | undefined, messages: Messages): string {
  return retryAfterSeconds === undefined
    ? messages.t("core:errors.resets.day")
    : messages.t("core:errors.resets.dayIn", { wait: messages.wait(retryAfterSeconds) });
}

/**
 * The sentence for a daily limit: what is left today and what to ask for, or, once nothing is
 * left, when the limit resets. Both platforms say it the same way; only the holder differs.
 */
export function describeDailyLimit(holder: LimitHolder, state: DailyLimitState, messages: Messages): string {
  const { remaining = 0, limit = 0, retryAfterSeconds } = state;
  if (remaining > 0) return messages.t(sentences[holder].left, { count: remaining });
  const reached = messages.t(sentences[holder].reached, { count: limit });
  return messages.sentences(reached, describeDailyReset(retryAfterSeconds, messages));
}
