import type { GenerationRequest } from "../requests/request.ts";
import { costOf, type PriceList } from "./prices.ts";

/**
 * Output tokens of one gpt-image-1 image at 1024×1024, by quality (OpenAI's published figures;
 * 1024×1536 and 1536×1024 take half as many again). An unknown quality, or `auto`, is taken as
 * high: an estimate that holds too much is given back when the job ends, one that holds too
 * little lets a budget be crossed.
 */
const tokensAt1024: Readonly<Record<string, number>> = { low: 272, medium: 1056, high: 4160 };

const squarePixels = 1024 * 1024;

/** Output tokens of one image of `size` and `quality`, scaled by its pixels from 1024×1024. */
export function outputTokensPerImage(size: string, quality: string | undefined): number {
  const perSquare = tokensAt1024[quality ?? "high"] ?? tokensAt1024["high"]!;
  const match = /^(\d+)x(\d+)$/.exec(size);
  // `auto` may pick a portrait or landscape size.
  const pixels = match ? Number(match[1]) * Number(match[2]) : 1024 * 1536;
  return Math.ceil((perSquare * pixels) / squarePixels);
}

/**
 * What a request is expected to cost in US dollars before it runs: the model's flat price per
 * request, or its output tokens per image (`outputTokensPerImage`) times the count plus the
 * prompt (about four characters a token) at the model's prices. Undefined when no price is known.
 */
export function estimateCostUsd(request: GenerationRequest, prices: PriceList): number | undefined {
  const price = prices.priceOf(request.model);
  if (!price) return undefined;
  return costOf(price, {
    inputTokens: Math.ceil(request.prompt.length / 4),
    outputTokens: outputTokensPerImage(request.size, request.quality) * request.count,
  });
}
