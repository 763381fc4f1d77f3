import { describe, expect, it } from "vitest";
import { createRateBudget } from "../../src/core/rate-budget.ts";

describe("createRateBudget", () => {
  it("allows a burst, then refills at its rate", () => {
    let now = 0;
    const budget = createRateBudget({ perSecond: 2, burst: 3, now: () => now });
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 499;
    expect(budget.tryTake()).toBe(false);
    now += 1;
    expect(budget.tryTake()).toBe(true);
    now += 10_000;
    expect([budget.tryTake(), budget.tryTake(), budget.tryTake(), budget.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("lets calls that must go through spend past empty, holding back the optional ones", () => {
    let now = 0;
    const budget = createRateBudget({ perSecond: 1, burst: 1, now: () => now });
    budget.spend();
    budget.spend();
    budget.spend();
    expect(budget.tryTake()).toBe(false);
    now += 2000; // pays back the two units of debt
    expect(budget.tryTake()).toBe(false);
    now += 1000;
    expect(budget.tryTake()).toBe(true);
  });
});
