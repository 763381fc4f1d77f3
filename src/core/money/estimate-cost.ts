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

/** Output tokens OpenAI bills for each partial image streamed. */
const tokensPerPartial = 100;

/** Input tokens held for an edit's picture (and mask): a high-fidelity 1536×1024 is about this. */
const tokensPerEditInput = 1_500;

/**
 * What a request is expected to cost in US dollars before it runs: the model's flat price per
 * request, or, at the model's prices, its output tokens per image (`outputTokensPerImage`) and
 * per partial image times the count, plus the prompt (about four characters a token) and an
 * edit's input pictures. Undefined when no price is known.
 */
export function estimateCostUsd(
  request: GenerationRequest,
  prices: PriceList,
  partialImages = 0,
): number | undefined {
  const price = prices.priceOf(request.model);
  if (!price) return undefined;
  const perImage = outputTokensPerImage(request.size, request.quality) + partialImages * tokensPerPartial;
  const inputs = request.edit ? (request.edit.mask ? 2 : 1) * tokensPerEditInput : 0;
  return costOf(price, {
    inputTokens: Math.ceil(request.prompt.length / 4) + inputs,
    outputTokens: perImage * request.count,
  });
}
