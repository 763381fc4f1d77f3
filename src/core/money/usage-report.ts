import type { CometApiBalance } from "./balance.ts";

/** Images made and US dollars spent in one period. */
export interface Spent {
  readonly images: number;
  readonly usd: number;
}

/** A budget in force and what is left of it. */
export interface BudgetLeft {
  readonly budgetUsd: number;
  readonly leftUsd: number;
}

/** What `/imagine-usage` shows a person: their own, and to admins their place's. */
export interface UsageReport {
  readonly today: Spent;
  readonly month: Spent;
  /** The person's daily budget where one is set. */
  readonly dailyBudget?: BudgetLeft;
  /** For admins: the guild's or workspace's figures (absent in a direct message). */
  readonly place?: {
    readonly today: Spent;
    readonly month: Spent;
    readonly monthlyBudget?: BudgetLeft;
    /** Who spent most this month, most first. */
    readonly top: readonly { readonly userId: string; readonly usd: number; readonly images: number }[];
  };
  /** For the bot's operators: CometAPI's balance, once read. */
  readonly balance?: CometApiBalance;
  /** Whether the person sees their place's figures (Manage Server, a workspace admin, an operator). */
  readonly admin: boolean;
  /** Whether the person runs the bot (IMAGINE_ADMIN_USER_IDS): the account's balance is theirs alone. */
  readonly operator: boolean;
}
