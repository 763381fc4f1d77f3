import { formatUsd } from "../../kit/format-usd.ts";
import { formatWait } from "../../kit/format-wait.ts";

/** Where a budget stands for a request it refused. */
export interface BudgetState {
  readonly budgetUsd?: number;
  readonly leftUsd?: number;
  /** What the refused image was expected to cost. */
  readonly costUsd?: number;
  /** Seconds until the budget's period starts again. */
  readonly retryAfterSeconds?: number;
}

/**
 * The sentence for a budget a request would cross: what it would cost, what is left, and when the
 * budget starts again (a UTC day at midnight, a UTC month on the 1st).
 */
export function describeBudget(
  budget: { readonly whose: string; readonly period: "day" | "month" },
  state: BudgetState,
): string {
  const { budgetUsd = 0, leftUsd = 0, costUsd = 0, retryAfterSeconds } = state;
  const resets = budget.period === "day" ? "at 00:00 UTC" : "on the 1st at 00:00 UTC";
  const when = retryAfterSeconds === undefined ? "" : ` (in ${formatWait(retryAfterSeconds)})`;
  const daily = budget.period === "day" ? "daily" : "monthly";
  return (
    `This would cost about ${formatUsd(costUsd)}, and ${formatUsd(leftUsd)} is left of ${budget.whose} ` +
    `${daily} budget of ${formatUsd(budgetUsd)}. It resets ${resets}${when}.`
  );
}
