import type { Messages } from "../i18n/messages.ts";
import type { Platform } from "../policy/actor.ts";
import { describeDailyReset } from "./describe-daily-limit.ts";

/** Where a budget stands for a request it refused. */
export interface BudgetState {
  readonly budgetUsd?: number;
  readonly leftUsd?: number;
  /** What the refused image was expected to cost. */
  readonly costUsd?: number;
  /** Seconds until the budget's period starts again. */
  readonly retryAfterSeconds?: number;
}

/** Whose budget: the person's daily one, or their server's or workspace's monthly one. */
export type BudgetHolder = "you" | Platform;

const sentences = {
  you: "core:errors.budgetExceeded",
  discord: "core:errors.workspaceBudgetExceeded.discord",
  slack: "core:errors.workspaceBudgetExceeded.slack",
} as const;

function describeMonthlyReset(retryAfterSeconds: number | undefined, messages: Messages): string {
  return retryAfterSeconds === undefined
    ? messages.t("core:errors.resets.month")
    : messages.t("core:errors.resets.monthIn", { wait: messages.wait(retryAfterSeconds) });
}

/**
 * The sentence for a budget a request would cross: what it would cost, what is left, and when the
 * budget starts again (a person's UTC day at midnight, a place's UTC month on the 1st).
 */
export function describeBudget(holder: BudgetHolder, state: BudgetState, messages: Messages): string {
  const { budgetUsd = 0, leftUsd = 0, costUsd = 0, retryAfterSeconds } = state;
  const cost = messages.t(sentences[holder], {
    cost: messages.usd(costUsd),
    left: messages.usd(leftUsd),
    budget: messages.usd(budgetUsd),
  });
  const resets =
    holder === "you"
      ? describeDailyReset(retryAfterSeconds, messages)
      : describeMonthlyReset(retryAfterSeconds, messages);
  return messages.sentences(cost, resets);
}
