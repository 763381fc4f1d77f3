/**
 * Waits for `work` to settle, but no longer than `ms`: "settled" when it did (fulfilled or
 * rejected alike), "late" when the time ran out first. The timer is cleared either way.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<"settled" | "late"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  const settled = work.then(
    () => "settled" as const,
    () => "settled" as const,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
