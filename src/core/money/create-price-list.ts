import type { Logger } from "pino";
import type { ModelPrice, PriceList } from "./prices.ts";

/** How long a fetched catalog is kept before it is fetched again. */
const dayMs = 24 * 60 * 60_000;

/** After a failed fetch, the next try comes sooner. */
const retryMs = 60 * 60_000;

export interface PriceListOptions {
  /** The operator's prices (the policy file's `prices:`); they win over the catalog's. */
  readonly overrides?: Readonly<Record<string, ModelPrice>>;
  /** Reads the provider's catalog; without it only the overrides are known. */
  readonly fetchCatalog?: (signal: AbortSignal) => Promise<ReadonlyMap<string, ModelPrice>>;
  readonly log: Logger;
  /** Between two fetches of the catalog. Default a day. */
  readonly refreshMs?: number;
}

/** Prices by model: the operator's, else the catalog's, fetched at start and refreshed daily. */
export interface LivePriceList extends PriceList {
  /** Fetches the catalog now, then every `refreshMs`; resolves once the first fetch settled. */
  start(): Promise<void>;
  stop(): void;
  /** The operator's prices changed (the policy file was edited). */
  replaceOverrides(overrides: Readonly<Record<string, ModelPrice>>): void;
}

export function createPriceList(options: PriceListOptions): LivePriceList {
  const { log, fetchCatalog } = options;
  const refreshMs = options.refreshMs ?? dayMs;
  let overrides = options.overrides ?? {};
  let catalog: ReadonlyMap<string, ModelPrice> = new Map();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const abort = new AbortController();

  async function refresh(): Promise<void> {
    if (!fetchCatalog || stopped) return;
    let nextMs = refreshMs;
    try {
      catalog = await fetchCatalog(abort.signal);
      log.info({ models: catalog.size }, "CometAPI's prices read");
    } catch (error) {
      if (stopped) return;
      nextMs = Math.min(refreshMs, retryMs);
      // The prices known before stay in force; jobs of an unknown price run and are recorded unpriced.
      log.warn(
        { err: error, retryInMs: nextMs },
        "could not read CometAPI's prices; set them under prices: in the policy file",
      );
    }
    if (stopped) return;
    timer = setTimeout(() => void refresh(), nextMs);
    timer.unref();
  }

  return {
    priceOf: (model) => (Object.hasOwn(overrides, model) ? overrides[model] : catalog.get(model)),
    start: refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
    },
    replaceOverrides(next) {
      overrides = next;
    },
  };
}
