import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Agent } from "undici";
import { createPriceList } from "../../../src/core/money/create-price-list.ts";
import { costOf, type ModelPrice } from "../../../src/core/money/prices.ts";
import { catalogUrl, fetchPriceCatalog } from "../../../src/core/provider/fetch-price-catalog.ts";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { captureLog } from "../../support/capture-log.ts";

describe("costOf", () => {
  it("prices tokens each way per million, or a request flat", () => {
    const gptImage = { inputPerMillion: 5, outputPerMillion: 40 };
    // A 1024×1024 medium gpt-image-1 image: about 1,056 output tokens, a few cents.
    expect(costOf(gptImage, { inputTokens: 20, outputTokens: 1056 })).toBeCloseTo(0.04234, 10);
    expect(costOf(gptImage, undefined)).toBeUndefined();
    expect(costOf({ perRequest: 0.04 }, undefined)).toBe(0.04);
  });
});

describe("CometAPI's price catalog", () => {
  let cometapi: FakeCometApi | undefined;
  const dispatcher = new Agent();
  afterEach(async () => {
    await cometapi?.close();
    cometapi = undefined;
  });
  afterAll(() => dispatcher.close());

  it("is read beside /v1, with no key, into prices by model; entries without one are left out", async () => {
    cometapi = await startFakeCometApi();
    expect(catalogUrl("https://api.cometapi.com/v1")).toBe("https://api.cometapi.com/api/models");
    expect(catalogUrl("https://proxy.example/comet/v1/")).toBe("https://proxy.example/comet/api/models");
    const prices = await fetchPriceCatalog(cometapi.baseUrl, dispatcher, new AbortController().signal);
    expect(Object.fromEntries(prices)).toEqual({
      "gpt-image-1": { inputPerMillion: 5, outputPerMillion: 40 },
      "dall-e-3": { perRequest: 0.04 },
      "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
    });
    expect(cometapi.catalogReads).toHaveLength(1);
    expect(cometapi.catalogReads[0]?.headers["authorization"]).toBeUndefined();
  });

  it("reads a bare list too, and refuses what is not a catalog", async () => {
    cometapi = await startFakeCometApi();
    cometapi.catalog = [{ model: "gpt-image-1", pricing: { input: 5, output: 40, per_request: null } }, 7];
    const read = () => fetchPriceCatalog(cometapi!.baseUrl, dispatcher, new AbortController().signal);
    expect(Object.fromEntries(await read())).toEqual({
      "gpt-image-1": { inputPerMillion: 5, outputPerMillion: 40 },
    });
    cometapi.catalog = { models: "none" };
    await expect(read()).rejects.toThrow("not a list of models");
    cometapi.catalog = 503;
    await expect(read()).rejects.toThrow("HTTP 503");
  });
});

describe("the price list", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const tokens = (input: number, output: number): ModelPrice => ({
    inputPerMillion: input,
    outputPerMillion: output,
  });

  it("takes the operator's prices over the catalog's, and reads the catalog again a day later", async () => {
    let catalog = new Map([
      ["gpt-image-1", tokens(5, 40)],
      ["dall-e-3", { perRequest: 0.04 }],
    ]);
    const fetchCatalog = vi.fn(async () => catalog);
    const list = createPriceList({
      fetchCatalog,
      overrides: { "dall-e-3": { perRequest: 0.05 } },
      log: captureLog().log,
    });
    expect(list.priceOf("gpt-image-1")).toBeUndefined();
    await list.start();
    expect(list.priceOf("gpt-image-1")).toEqual(tokens(5, 40));
    expect(list.priceOf("dall-e-3")).toEqual({ perRequest: 0.05 });
    expect(list.priceOf("constructor")).toBeUndefined();

    catalog = new Map([["gpt-image-1", tokens(6, 48)]]);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000 - 1);
    expect(list.priceOf("gpt-image-1")).toEqual(tokens(5, 40));
    await vi.advanceTimersByTimeAsync(1);
    expect(list.priceOf("gpt-image-1")).toEqual(tokens(6, 48));
    expect(fetchCatalog).toHaveBeenCalledTimes(2);

    list.replaceOverrides({ "gpt-image-1": tokens(1, 2) });
    expect(list.priceOf("gpt-image-1")).toEqual(tokens(1, 2));
    list.stop();
  });

  it("keeps the prices it knew when a fetch fails, logs how to set them, and tries again within the hour", async () => {
    const { log, records } = captureLog();
    let fails = false;
    const fetchCatalog = vi.fn(async () => {
      if (fails) throw new Error("down");
      return new Map([["gpt-image-1", tokens(5, 40)]]);
    });
    const list = createPriceList({ fetchCatalog, log });
    await list.start();
    fails = true;
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(list.priceOf("gpt-image-1")).toEqual(tokens(5, 40));
    expect(
      records().some((line) => String(line["msg"]).includes("set them under prices: in the policy file")),
    ).toBe(true);
    fails = false;
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fetchCatalog).toHaveBeenCalledTimes(3);
    list.stop();
  });
});
