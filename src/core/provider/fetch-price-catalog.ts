import { request, type Dispatcher } from "undici";
import { z } from "zod";
import type { ModelPrice } from "../money/prices.ts";

/** A price as the catalog writes it: a number, or a number in a string. */
const amount = z
  .union([z.number(), z.string().trim().min(1).transform(Number)])
  .pipe(z.number().nonnegative());

/** One model of the catalog; every field but a name optional, anything else ignored. */
const catalogModel = z
  .object({
    id: z.string().optional(),
    model: z.string().optional(),
    name: z.string().optional(),
    pricing: z
      .object({
        input: amount.optional().catch(undefined),
        output: amount.optional().catch(undefined),
        per_request: amount.optional().catch(undefined),
      })
      .passthrough()
      .optional()
      .catch(undefined),
  })
  .passthrough();

/** The catalog: a list, or an object holding it in `data`. */
const catalog = z.union([
  z.array(z.unknown()),
  z.object({ data: z.array(z.unknown()) }).transform((o) => o.data),
]);

/** A model's price from its catalog entry, when the entry gives one. */
function priceOf(entry: z.infer<typeof catalogModel>): ModelPrice | undefined {
  const pricing = entry.pricing;
  if (!pricing) return undefined;
  if (pricing.input !== undefined && pricing.output !== undefined) {
    return { inputPerMillion: pricing.input, outputPerMillion: pricing.output };
  }
  if (pricing.per_request !== undefined) return { perRequest: pricing.per_request };
  return undefined;
}

/** Where CometAPI publishes its catalog: `/api/models` beside `/v1`, not under it. */
export function catalogUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/api/models`;
}

/**
 * Reads CometAPI's public model catalog (no key is sent) into prices by model id: `pricing.input`
 * and `pricing.output` in US dollars per million tokens, or `pricing.per_request`. Entries
 * without a usable price are left out; one malformed entry does not spoil the others.
 * @throws Error when the catalog cannot be fetched or is not a list of models.
 */
export async function fetchPriceCatalog(
  baseUrl: string,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<Map<string, ModelPrice>> {
  const response = await request(catalogUrl(baseUrl), {
    dispatcher,
    signal,
    headers: { accept: "application/json" },
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`the price catalog answered HTTP ${response.statusCode}`);
  const entries = catalog.safeParse(JSON.parse(text) as unknown);
  if (!entries.success) throw new Error("the price catalog is not a list of models");
  const prices = new Map<string, ModelPrice>();
  for (const raw of entries.data) {
    const entry = catalogModel.safeParse(raw);
    if (!entry.success) continue;
    const name = entry.data.id ?? entry.data.model ?? entry.data.name;
    const price = priceOf(entry.data);
    if (name && price) prices.set(name, price);
  }
  return prices;
}
