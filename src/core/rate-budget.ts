export interface RateBudgetOptions {
  /** Sustained rate the budget refills at. */
  readonly perSecond: number;
  /** Most that can be spent at once after a quiet spell; defaults to one second's worth. */
  readonly burst?: number;
  readonly now?: () => number;
}

/**
 * A token bucket shared by everything that calls one rate-limited platform method, so cosmetic
 * calls (progress edits) give way to the ones a person is waiting for (the result).
 */
export interface RateBudget {
  /** Spends one unit if there is one: for calls that may be skipped or tried later. */
  tryTake(): boolean;
  /** Spends one unit even past empty (the debt delays later `tryTake`s): for calls that must go. */
  spend(): void;
}

export function createRateBudget(options: RateBudgetOptions): RateBudget {
  const now = options.now ?? Date.now;
  const burst = options.burst ?? options.perSecond;
  let tokens = burst;
  let refilledAt = now();

  const refill = () => {
    const at = now();
    tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * options.perSecond);
    refilledAt = at;
  };

  return {
    tryTake() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    spend() {
      refill();
      tokens -= 1;
    },
  };
}
