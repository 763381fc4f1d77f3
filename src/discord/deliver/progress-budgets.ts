import { createRateBudget, type RateBudget } from "../../kit/rate-budget.ts";

/**
 * What progress may cost across all jobs at once, so that under load it slows down instead of
 * crowding out the results (which draw on neither): edits, and the previews they upload again
 * and again (a 1536x1024 preview is a few MB; discord.js copies each upload).
 */
export interface ProgressBudgets {
  /** Progress edits, 30 in any second. */
  readonly edits: RateBudget;
  /** Preview bytes uploaded, by the MiB: 16 in any second. */
  readonly previewMebibytes: RateBudget;
}

/** The budgets, their windows read on `now` (the bot's clock). */
export function createProgressBudgets(now: () => number): ProgressBudgets {
  return {
    edits: createRateBudget({ limit: 30, windowMs: 1000, now }),
    previewMebibytes: createRateBudget({ limit: 16, windowMs: 1000, now }),
  };
}
