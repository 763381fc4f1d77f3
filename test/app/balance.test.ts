import { afterEach, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../src/app/start-bot.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { ImageProvider } from "../../src/core/provider/types.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { captureLog, type CapturedLog } from "../support/capture-log.ts";
import { controlledProvider } from "../support/controlled-provider.ts";
import { scrapeMetrics, type Scrape } from "../support/read-metrics.ts";

const apiKey = "sk-balance-test-api-key";

let cometapi: FakeCometApi | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await cometapi?.close();
  bot = cometapi = undefined;
});

/** The whole bot, no platform attached, its CometAPI and balance service the fake's. */
async function startWith(
  env: Record<string, string>,
  log: CapturedLog,
  options: { quota?: unknown; provider?: ImageProvider } = {},
): Promise<FakeCometApi> {
  const fake = await startFakeCometApi();
  cometapi = fake;
  if ("quota" in options) fake.quota = options.quota;
  const config = loadConfig({
    COMETAPI_API_KEY: apiKey,
    COMETAPI_BASE_URL: fake.baseUrl,
    COMETAPI_QUOTA_URL: fake.quotaUrl,
    DISCORD_TOKEN: "unused-no-adapter-is-started",
    PORT: "0",
    HOST: "127.0.0.1",
    ...env,
  });
  bot = await startBot({
    config,
    log: log.log,
    adapters: [],
    store: createMemoryStore(),
    ...(options.provider && { provider: options.provider }),
  });
  return fake;
}

/** Scrapes until `ready` holds: the balance is read in the background after start. */
async function scrapeWhen(ready: (scrape: Scrape) => boolean): Promise<Scrape> {
  let scrape: Scrape | undefined;
  await vi.waitFor(
    async () => {
      scrape = await scrapeMetrics(bot!.http.port);
      if (!ready(scrape)) throw new Error(`not yet:\n${scrape.text}`);
    },
    { timeout: 5000 },
  );
  return scrape!;
}

const keySeries = (scrape: Scrape) =>
  scrape.samples.filter((sample) => sample.name === "imagine_cometapi_key_remaining_usd");

describe("CometAPI's balance in a running bot", () => {
  it("is read at start with the API key, and /metrics shows the account's dollars and each limited key's", async () => {
    const fake = await startWith({}, captureLog());
    await fake.waitForQuotaReads(1);
    expect(fake.quotaReads[0]?.key).toBe(apiKey);

    const metrics = await scrapeWhen((scrape) => scrape.value("imagine_cometapi_balance_usd") === 2105.23);
    expect(metrics.type("imagine_cometapi_balance_usd")).toBe("gauge");
    expect(metrics.type("imagine_cometapi_key_remaining_usd")).toBe("gauge");
    // Key "x" has no limit (-1): it has no series.
    expect(keySeries(metrics)).toEqual([
      { name: "imagine_cometapi_key_remaining_usd", labels: { key: "tts_test" }, value: 8.93 },
    ]);
  });

  it("is asked with COMETAPI_QUOTA_KEY when it is set, not with the API key", async () => {
    const fake = await startWith({ COMETAPI_QUOTA_KEY: "sk-query-only-key" }, captureLog());
    await fake.waitForQuotaReads(1);
    expect(fake.quotaReads.map((read) => read.key)).toEqual(["sk-query-only-key"]);
  });

  it("shows as unknown (NaN), not as $0, while no read has succeeded", async () => {
    const log = captureLog();
    await startWith({}, log, { quota: 503 });
    await log.waitForRecord((record) => String(record.msg).startsWith("could not read CometAPI's balance"));

    const metrics = await scrapeMetrics(bot!.http.port);
    expect(metrics.value("imagine_cometapi_balance_usd")).toBeNaN();
    expect(keySeries(metrics)).toEqual([]);
  });

  it("warns when the balance is below IMAGINE_LOW_BALANCE_USD", async () => {
    const log = captureLog();
    await startWith({ IMAGINE_LOW_BALANCE_USD: "2500" }, log);

    const warning = await log.waitForRecord((record) =>
      String(record.msg).includes("is below IMAGINE_LOW_BALANCE_USD"),
    );
    expect(warning).toMatchObject({ level: 40, balanceUsd: 2105.23, lowUsd: 2500 });
    expect(warning.msg).toBe(
      "CometAPI's balance ($2105.23) is below IMAGINE_LOW_BALANCE_USD ($2500.00): top up the account before images start failing",
    );
  });

  it("is neither read nor exported when the bot was given another provider", async () => {
    const fake = await startWith({}, captureLog(), { provider: controlledProvider().provider });

    const metrics = await scrapeMetrics(bot!.http.port);
    expect(metrics.samples.some((sample) => sample.name.startsWith("imagine_cometapi_"))).toBe(false);
    await bot!.stop();
    bot = undefined;
    expect(fake.quotaReads).toEqual([]);
  });
});
