import { expect, it } from "vitest";
import { createSlackBudgets } from "../../src/slack/deliver/slack-budgets.ts";

/** Budgets on a clock the test moves: 10 uploads and 3 previews a minute. */
function budgets() {
  let now = 1_000_000;
  const made = createSlackBudgets(() => now, {
    updates: { limit: 10, windowMs: 60_000 },
    uploads: { limit: 10, windowMs: 60_000 },
    previews: { limit: 3, windowMs: 60_000 },
  });
  return { ...made, advance: (ms: number) => (now += ms) };
}

it("gives previews turns only while the results expected still fit in the upload turns left", () => {
  const { previews, uploads } = budgets();
  // Eight images on their way in a workspace that may upload ten a minute: two turns to spare.
  const started = previews.expectResults(8);
  expect(previews.tryTake()).toBe(true);
  expect(previews.tryTake()).toBe(true);
  // Two preview uploads taken: what is left is the results'.
  expect(previews.tryTake()).toBe(false);
  started();
  // A second call changes nothing.
  started();
  expect(previews.tryTake()).toBe(true);
  expect(uploads.tryTake({ count: 5 })).toBe(true);
});

it("takes a preview turn at most as often as the previews' own limit, and not while paused", () => {
  const { previews, advance } = budgets();
  expect([previews.tryTake(), previews.tryTake(), previews.tryTake(), previews.tryTake()]).toEqual([
    true,
    true,
    true,
    false,
  ]);
  advance(60_001);
  previews.pause(30_000);
  expect(previews.tryTake()).toBe(false);
  advance(30_000);
  expect(previews.tryTake()).toBe(true);
});

it("leaves results a share of the upload turns even when none is expected", () => {
  const { previews, uploads } = budgets();
  // Ten turns, four kept back (40%), three preview turns a minute: the uploads' limit binds first.
  expect(uploads.tryTake({ count: 4 })).toBe(true);
  expect(previews.tryTake()).toBe(true);
  expect(previews.tryTake()).toBe(true);
  expect(previews.tryTake()).toBe(false);
});
