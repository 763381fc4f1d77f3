import type { TokenUsage } from "../provider/types.ts";

/** What a model costs in US dollars: per million tokens each way, or a flat price per request. */
export type ModelPrice =
  { readonly inputPerMillion: number; readonly outputPerMillion: number } | { readonly perRequest: number };

/** Where a job's price comes from; `undefined` when nobody knows it (the job runs, unpriced). */
export interface PriceList {
  priceOf(model: string): ModelPrice | undefined;
}

/**
 * What a generation cost: its tokens at the model's prices, or the flat price of a request.
 * Undefined when a per-token price has no usage to apply to.
 */
export function costOf(price: ModelPrice, usage: TokenUsage | undefined): number | undefined {
  if ("perRequest" in price) return price.perRequest;
  if (!usage) return undefined;
  return (
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000
  );
}
