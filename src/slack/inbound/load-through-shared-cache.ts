import type { z } from "zod";
import type { SharedCache } from "../../core/platform-adapter.ts";

export interface SharedLoad<V> {
  /** The bot's shared cache; without it (one process) `load` is simply called. */
  readonly cache: SharedCache | undefined;
  /** The value's key in the cache (`slack:user:U1`). */
  readonly key: string;
  /** How long Slack's answer is kept for the other instances. */
  readonly ttlMs: number;
  /** What a kept value must look like; anything else (another version's, say) is a miss. */
  readonly shape: z.ZodType<V>;
  /** Asks Slack. */
  readonly load: () => Promise<V>;
}

/**
 * The value another instance of the bot kept in the shared cache, else Slack's answer, kept there
 * as JSON for `ttlMs`. A failed look-up is not kept, so the next one asks Slack again.
 */
export async function loadThroughSharedCache<V>({
  cache,
  key,
  ttlMs,
  shape,
  load,
}: SharedLoad<V>): Promise<V> {
  if (!cache) return load();
  const kept = readKept(await cache.get(key), shape);
  if (kept !== undefined) return kept;
  const value = await load();
  await cache.set(key, JSON.stringify(value), ttlMs);
  return value;
}

function readKept<V>(text: string | undefined, shape: z.ZodType<V>): V | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: written by something else under our key, so not ours to trust.
    return undefined;
  }
}
