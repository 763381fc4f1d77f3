import { afterEach, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../../src/app/start-bot.ts";
import { loadConfig } from "../../../src/config/load-config.ts";
import type { Repeat } from "../../../src/core/provider/watch-provider-access.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { startFakeCometApi, type FakeCometApi } from "../../fakes/cometapi/index.ts";
import { captureLog, type CapturedLog } from "../../support/capture-log.ts";
import { findClosedPort } from "../../support/closed-port.ts";

const apiKey = "sk-key-check-test";

let cometapi: FakeCometApi | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  await cometapi?.close();
  bot = cometapi = undefined;
});

/** A timer the test steps by hand: `tick()` runs the periodic check once. */
function manualRepeat() {
  let task: (() => Promise<void>) | undefined;
  let everyMs: number | undefined;
  const repeat: Repeat = (run, ms) => {
    task = run;
    everyMs = ms;
    return () => (task = undefined);
  };
  return { repeat, tick: async () => task?.(), isRunning: () => task !== undefined, everyMs: () => everyMs };
}

/** The whole bot, no platform attached, its CometAPI at `baseUrl`. */
async function startWith(baseUrl: string, repeat: Repeat, log: CapturedLog) {
  const config = loadConfig({
    COMETAPI_API_KEY: apiKey,
    COMETAPI_BASE_URL: baseUrl,
    // The balance service beside it (a closed port, when CometAPI is): never the real one.
    COMETAPI_QUOTA_URL: new URL(baseUrl).origin,
    DISCORD_TOKEN: "unused-no-adapter-is-started",
    PORT: "0",
    HOST: "127.0.0.1",
  });
  return startBot({
    config,
    log: log.log,
    adapters: [],
    store: createMemoryStore(),
    repeatAccessCheck: repeat,
  });
}

async function readyz(running: RunningBot) {
  const response = await fetch(`http://127.0.0.1:${running.http.port}/readyz`);
  return { status: response.status, body: await response.text() };
}

const linesAt = (log: CapturedLog, level: number) =>
  log
    .records()
    .filter((record) => record.level === level)
    .map((record) => String(record.msg));

describe("checking the CometAPI key at start", () => {
  it("answers 503 on /readyz with the reason while the key is refused, and 200 once it is accepted", async () => {
    cometapi = await startFakeCometApi();
    cometapi.models = { kind: "error", status: 401, code: "invalid_api_key", message: "Invalid token" };
    const log = captureLog([apiKey]);
    const timer = manualRepeat();
    bot = await startWith(cometapi.baseUrl, timer.repeat, log);

    await vi.waitFor(async () => expect((await readyz(bot!)).status).toBe(503), { timeout: 5000 });
    expect((await readyz(bot)).body).toBe(
      "not ready: CometAPI refused COMETAPI_API_KEY (HTTP 401): check the key\n",
    );
    expect(cometapi.modelChecks[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(timer.everyMs()).toBe(60_000);

    // Still refused a minute later: nothing new is logged.
    await timer.tick();
    expect(cometapi.modelChecks).toHaveLength(2);
    expect((await readyz(bot)).status).toBe(503);
    cometapi.models = { kind: "list" };
    await timer.tick();
    expect(await readyz(bot)).toEqual({ status: 200, body: "ready\n" });

    const errors = linesAt(log, 50);
    expect(errors).toEqual([
      "CometAPI refused the key (401): check COMETAPI_API_KEY; /readyz answers 503 until it is accepted",
    ]);
    expect(linesAt(log, 30)).toContain("CometAPI accepts COMETAPI_API_KEY at COMETAPI_BASE_URL again");
    expect(cometapi.requests).toEqual([]);
  });

  it("hints that COMETAPI_BASE_URL must end in /v1 when the model list is not found", async () => {
    cometapi = await startFakeCometApi();
    const log = captureLog([apiKey]);
    const withoutV1 = cometapi.baseUrl.replace(/\/v1$/, "");
    bot = await startWith(withoutV1, manualRepeat().repeat, log);

    await vi.waitFor(() => expect(linesAt(log, 50)).toHaveLength(1), { timeout: 5000 });
    expect(linesAt(log, 50)[0]).toBe(
      `CometAPI answered 404 for ${withoutV1}/models: COMETAPI_BASE_URL must end in /v1 (the default is https://api.cometapi.com/v1)`,
    );
    expect(cometapi.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /models"]);
  });

  it("warns, naming COMETAPI_BASE_URL, when CometAPI cannot be reached, and stays ready", async () => {
    const baseUrl = `http://127.0.0.1:${await findClosedPort()}/v1`;
    const log = captureLog([apiKey]);
    bot = await startWith(baseUrl, manualRepeat().repeat, log);

    // Once for the key check; once more for the price catalog, which is read from there too, and
    // once for the balance, whose service this test puts on the same closed port.
    await vi.waitFor(() => expect(linesAt(log, 40)).toHaveLength(3), { timeout: 5000 });
    expect(linesAt(log, 40).sort()).toEqual([
      `could not reach CometAPI at COMETAPI_BASE_URL=${baseUrl} (ECONNREFUSED): the network failed, not the key; images fail until it is reachable`,
      "could not read CometAPI's balance; check COMETAPI_QUOTA_URL and COMETAPI_QUOTA_KEY (or COMETAPI_API_KEY)",
      "could not read CometAPI's prices; set them under prices: in the policy file",
    ]);
    expect(linesAt(log, 50)).toEqual([]);
    expect(await readyz(bot)).toEqual({ status: 200, body: "ready\n" });
  });

  it("neither holds up start-up nor shutdown while CometAPI does not answer, and stops checking on shutdown", async () => {
    cometapi = await startFakeCometApi();
    cometapi.models = { kind: "stall", as: "no-response" };
    const timer = manualRepeat();
    bot = await startWith(cometapi.baseUrl, timer.repeat, captureLog([apiKey]));

    await cometapi.waitForModelChecks(1);
    expect((await readyz(bot)).status).toBe(200);
    await bot.stop();
    bot = undefined;
    expect(timer.isRunning()).toBe(false);
  });
});
