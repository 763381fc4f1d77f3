import { createRateBudget, type RateBudget, type RateBudgetOptions } from "../../kit/rate-budget.ts";

/**
 * The bot's share of Slack's per-workspace method limits (a bot token belongs to one workspace, so
 * one budget per process): `chat.update` is Tier 3, 50 a minute; the `files.uploadV2` methods
 * (`files.getUploadURLExternal` per file, `files.completeUploadExternal` per message) Tier 4, 100
 * a minute. Going past one makes the Web API client pause every call until Retry-After.
 */
export interface SlackBudgets {
  /** `chat.update`: progress edits take a turn only while `updateReserve` are left for last words. */
  readonly updates: RateBudget;
  /** `chat.update` turns progress edits leave to the jobs' last words. */
  readonly updateReserve: number;
  /** One turn per file uploaded. */
  readonly uploads: RateBudget;
}

type Limit = Pick<RateBudgetOptions, "limit" | "windowMs">;

/** Per minute, counted over a little more than one: Slack counts calls when they arrive. */
export const slackMethodLimits: { readonly updates: Limit; readonly uploads: Limit } = {
  updates: { limit: 50, windowMs: 62_000 },
  uploads: { limit: 100, windowMs: 62_000 },
};

/** The share of `chat.update` turns kept for last words. */
const reservedShare = 0.4;

/** The budgets, their windows read on `now` (the bot's clock). */
export function createSlackBudgets(now: () => number, limits = slackMethodLimits): SlackBudgets {
  return {
    updates: createRateBudget({ ...limits.updates, now }),
    updateReserve: Math.floor(limits.updates.limit * reservedShare),
    uploads: createRateBudget({ ...limits.uploads, now }),
  };
}
