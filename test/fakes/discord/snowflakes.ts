/** Discord's epoch, the first second of 2015, in ms. */
const discordEpoch = 1_420_070_400_000n;

/**
 * Returns a generator of unique snowflakes whose timestamp is `now()`, so discord.js's
 * `createdTimestamp` of an interaction or message is plausible.
 */
export function createSnowflakes(now: () => number = Date.now): () => string {
  let increment = 0n;
  let lastMs = 0n;
  return () => {
    let ms = BigInt(now()) - discordEpoch;
    // Keep ids increasing even when more than 4096 are made in one millisecond.
    if (ms <= lastMs) ms = lastMs;
    increment = (increment + 1n) & 0xfffn;
    if (increment === 0n) ms += 1n;
    lastMs = ms;
    return ((ms << 22n) | increment).toString();
  };
}
