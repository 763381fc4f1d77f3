import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateBudget } from "../../src/kit/rate-budget.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createRateBudget", () => {
  it("never allows more than the limit in any window", async () => {
    const budget = createRateBudget({ limit: 3, windowMs: 1000 });
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(budget.tryTake()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("tells the turns free now, and none while a call waits its turn", async () => {
    const budget = createRateBudget({ limit: 2, windowMs: 1000 });
    expect(budget.free()).toBe(2);
    budget.tryTake();
    expect(budget.free()).toBe(1);
    const waiting = budget.take(2);
    expect(budget.free()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    await waiting;
    expect(budget.free()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(budget.free()).toBe(2);
  });

  it("keeps a reserve out of reach of calls that may be skipped", () => {
    const budget = createRateBudget({ limit: 3, windowMs: 1000 });
    const skippable = () => budget.tryTake({ reserve: 1 });
    expect([skippable(), skippable(), skippable()]).toEqual([true, true, false]);
    expect(budget.tryTake()).toBe(true);
  });

  it("takes several turns at once only when all of them are free", () => {
    const budget = createRateBudget({ limit: 5, windowMs: 1000 });
    expect(budget.tryTake({ count: 3 })).toBe(true);
    expect(budget.tryTake({ count: 3 })).toBe(false);
    expect(budget.tryTake({ count: 2 })).toBe(true);
  });

  it("makes calls that must go wait their turn, in order, ahead of the skippable ones", async () => {
    const budget = createRateBudget({ limit: 2, windowMs: 1000 });
    const order: string[] = [];
    await budget.take(2);
    const first = budget.take().then(() => order.push("first"));
    const second = budget.take().then(() => order.push("second"));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    expect(budget.tryTake()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
    expect(budget.tryTake()).toBe(false); // both turns of this window are spent
  });
});
