import { afterEach, describe, expect, it, vi } from "vitest";
import { settleWithin } from "../../src/kit/settle-within.ts";

afterEach(() => vi.useRealTimers());

describe("settleWithin", () => {
  it("says settled when the work ends in time, whether it succeeded or failed, and leaves no timer", async () => {
    vi.useFakeTimers();
    expect(await settleWithin(Promise.resolve(1), 1000)).toBe("settled");
    expect(await settleWithin(Promise.reject(new Error("no")), 1000)).toBe("settled");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("says late when the time runs out first", async () => {
    vi.useFakeTimers();
    const waiting = settleWithin(new Promise(() => undefined), 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await waiting).toBe("late");
  });
});
