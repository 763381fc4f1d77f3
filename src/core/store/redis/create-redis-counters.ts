import type { Store } from "../store.ts";
import type { LedgerLine } from "../store-tables.ts";
import { execTransaction } from "./exec-transaction.ts";
import { keepLastJobMs } from "./key-lifetimes.ts";
import type { RedisContext } from "./redis-context.ts";

type Counters = Pick<
  Store,
  "lastJobAt" | "setLastJobAt" | "imagesOn" | "addImages" | "ledgerOf" | "topOfLedger"
>;

/** The single counters and the ledger over Redis. */
export function createRedisCounters({ client, scripts, keys, call }: RedisContext): Counters {
  return {
    async lastJobAt(key) {
      const at = await call(() => client.get(keys.lastJob(key)));
      return at === null ? undefined : Number(at);
    },
    async setLastJobAt(key, at) {
      await call(() => client.set(keys.lastJob(key), String(at), "PX", keepLastJobMs));
    },
    async imagesOn(key, day) {
      return Number((await call(() => client.get(keys.images(day, key)))) ?? 0);
    },
    async addImages(key, day, count) {
      await call(() => scripts.addImages(key, day, String(count)));
    },
    async ledgerOf(key, period) {
      const [microUsd, images] = (await call(() =>
        execTransaction(client.multi().zscore(keys.ledger(period), key).hget(keys.ledgerImages(period), key)),
      )) as (string | null)[];
      return { microUsd: Number(microUsd ?? 0), images: Number(images ?? 0) };
    },
    async topOfLedger(period, prefix, limit) {
      const count = Math.floor(limit);
      if (!(count > 0)) return [];
      const flat = (await call(() => scripts.topOfLedger(period, prefix, String(count)))) as string[];
      const lines: (LedgerLine & { key: string })[] = [];
      for (let index = 0; index + 2 < flat.length; index += 3) {
        lines.push({ key: flat[index]!, microUsd: Number(flat[index + 1]), images: Number(flat[index + 2]) });
      }
      // Most spent first; a tie in key order, as the SQLite engine ranks them.
      lines.sort((a, b) => b.microUsd - a.microUsd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return lines.slice(0, count);
    },
  };
}
