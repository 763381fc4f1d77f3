/**
 * Hands out Slack message timestamps ("seconds.micros", six digits after the dot), strictly
 * increasing so ordering by `ts` is ordering by arrival, and fixed from run to run.
 */
export function createTsClock(startSeconds = 1_700_000_000): () => string {
  // Micro-seconds since the epoch; 100 µs apart like "1700000000.000100", "1700000000.000200".
  let micros = BigInt(startSeconds) * 1_000_000n;
  return () => {
    micros += 100n;
    const seconds = micros / 1_000_000n;
    const fraction = (micros % 1_000_000n).toString().padStart(6, "0");
    return `${seconds}.${fraction}`;
  };
}

/** A counter-based id generator: `F0000001`, `F0000002`, … */
export function createIdSequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(7, "0")}`;
}
