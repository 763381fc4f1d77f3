import { createRateBudget, type RateBudget, type RateBudgetOptions } from "../../kit/rate-budget.ts";

/**
 * The bot's share of Slack's per-workspace method limits (a bot token belongs to one workspace, so
 * one budget per process): `chat.update` is Tier 3, 50 a minute; the `files.uploadV2` methods
 * (`files.getUploadURLExternal` per file, `files.completeUploadExternal` per message) Tier 4, 100
 * a minute. Going past one makes the Web API client pause every call until Retry-After.
 * Previews are cosmetic: they take turns only when free, and their own cycle budget keeps the
 * calls each one makes (`files.info`, `chat.delete`, `files.delete`) well inside their tiers.
 */
export interface SlackBudgets {
  /** `chat.update`: progress edits take a turn only while `updateReserve` are left for last words. */
  readonly updates: RateBudget;
  /** `chat.update` turns progress edits leave to the jobs' last words. */
  readonly updateReserve: number;
  /** One turn per file uploaded. */
  readonly uploads: RateBudget;
  /** Turns for live previews, shared by every job. */
  readonly previews: PreviewTurns;
}

/** Whether a preview may be shown now; never waits. */
export interface PreviewTurns {
  /**
   * Takes a preview's turns (its cycle and its upload) if both are free now, previews are not
   * paused, and the upload turns left cover the results still expected.
   */
  tryTake(): boolean;
  /**
   * A job will upload `count` images: previews leave it those turns (under a burst, none is shown)
   * until the answered function is called (once its upload begins, or it ends without one).
   */
  expectResults(count: number): () => void;
  /** Slack answered `ratelimited`: no preview in the workspace for `ms`. */
  pause(ms: number): void;
}

type Limit = Pick<RateBudgetOptions, "limit" | "windowMs">;

/** Per minute, counted over a little more than one: Slack counts calls when they arrive. */
export const slackMethodLimits: {
  readonly updates: Limit;
  readonly uploads: Limit;
  readonly previews: Limit;
} = {
  updates: { limit: 50, windowMs: 62_000 },
  uploads: { limit: 100, windowMs: 62_000 },
  // Each preview also makes a `chat.delete` and a `files.delete` (Tier 3, 50 a minute).
  previews: { limit: 20, windowMs: 62_000 },
};

/** The share of `chat.update` (and upload) turns kept for last words (and results). */
const reservedShare = 0.4;

function createPreviewTurns(
  previews: RateBudget,
  uploads: RateBudget,
  uploadReserve: number,
  now: () => number,
): PreviewTurns {
  let pausedUntil = -Infinity;
  let expected = 0;
  return {
    tryTake() {
      const reserve = Math.max(uploadReserve, expected);
      if (now() < pausedUntil || previews.free() < 1 || uploads.free() < 1 + reserve) return false;
      return previews.tryTake() && uploads.tryTake({ reserve });
    },
    expectResults(count) {
      expected += count;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        expected -= count;
      };
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** The budgets, their windows read on `now` (the bot's clock). */
export function createSlackBudgets(now: () => number, limits = slackMethodLimits): SlackBudgets {
  const uploads = createRateBudget({ ...limits.uploads, now });
  const previews = createRateBudget({ ...limits.previews, now });
  return {
    updates: createRateBudget({ ...limits.updates, now }),
    updateReserve: Math.floor(limits.updates.limit * reservedShare),
    uploads,
    previews: createPreviewTurns(previews, uploads, Math.floor(limits.uploads.limit * reservedShare), now),
  };
}
