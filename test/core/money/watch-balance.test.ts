import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CometApiBalance } from "../../../src/core/money/balance.ts";
import { watchBalance, type BalanceWatch } from "../../../src/core/money/watch-balance.ts";
import { BalanceReadError } from "../../../src/core/provider/fetch-balance.ts";
import { captureLog, type CapturedLog } from "../../support/capture-log.ts";

const minute = 60_000;
const everyMs = 30 * minute;

const balanceOf = (accountUsd: number): CometApiBalance => ({
  accountUsd,
  keys: [{ name: "bot", remainingUsd: 1 }],
  readAt: 0,
});

/** What each read answers, in order: dollars, or an error to throw. */
function script(...answers: Array<number | Error>) {
  const fetch = vi.fn(async (signal: AbortSignal) => {
    void signal;
    const next = answers.shift();
    if (next === undefined) throw new Error("no answer scripted");
    if (next instanceof Error) throw next;
    return balanceOf(next);
  });
  return fetch;
}

let watch: BalanceWatch | undefined;
let log: CapturedLog;
beforeEach(() => {
  vi.useFakeTimers();
  log = captureLog();
});
afterEach(() => {
  watch?.stop();
  watch = undefined;
  vi.useRealTimers();
});

const messages = (level: number) =>
  log
    .records()
    .filter((record) => record.level === level)
    .map((record) => String(record.msg));

describe("watching CometAPI's balance", () => {
  it("reads at start and again every interval, each reading replacing the last", async () => {
    const fetch = script(100, 90);
    watch = watchBalance({ fetch, everyMs, lowUsd: 0, log: log.log });
    expect(watch.latest()).toBeUndefined();
    await watch.start();
    expect(watch.latest()?.accountUsd).toBe(100);
    expect(fetch).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(everyMs - 1);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(watch.latest()?.accountUsd).toBe(90);
    expect(messages(30)).toEqual(["CometAPI's balance read"]);
  });

  it("keeps the last good reading when a read fails, warns without the key, and reads again at the usual time", async () => {
    const fetch = script(
      100,
      new BalanceReadError("status", "CometAPI's balance service at https://q.example answered HTTP 401", {
        status: 401,
      }),
      80,
    );
    watch = watchBalance({ fetch, everyMs, lowUsd: 0, log: log.log });
    await watch.start();
    await vi.advanceTimersByTimeAsync(everyMs);
    expect(watch.latest()?.accountUsd).toBe(100);
    const [warning] = log.records().filter((record) => record.level === 40);
    expect(warning?.["msg"]).toBe(
      "could not read CometAPI's balance; check COMETAPI_QUOTA_URL and COMETAPI_QUOTA_KEY (or COMETAPI_API_KEY)",
    );
    expect(warning?.["err"]).toMatchObject({
      message: expect.stringContaining("answered HTTP 401"),
      status: 401,
    });

    await vi.advanceTimersByTimeAsync(everyMs);
    expect(watch.latest()?.accountUsd).toBe(80);
  });

  it("a first read that fails leaves the balance unknown, and start resolves all the same", async () => {
    watch = watchBalance({ fetch: script(new Error("down"), 50), everyMs, lowUsd: 0, log: log.log });
    await expect(watch.start()).resolves.toBeUndefined();
    expect(watch.latest()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(everyMs);
    expect(watch.latest()?.accountUsd).toBe(50);
  });

  it("warns and tells once each time the balance falls below the low mark, not on every low reading", async () => {
    const onLow = vi.fn();
    // 4 crosses; 3 and a failed read stay below; 5 is back (at the mark); 4.99 crosses again.
    watch = watchBalance({
      fetch: script(10, 4, 3, new Error("down"), 5, 4.99, 2),
      everyMs,
      lowUsd: 5,
      log: log.log,
      onLow,
    });
    await watch.start();
    expect(onLow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(everyMs);
    expect(onLow).toHaveBeenCalledTimes(1);
    expect(onLow).toHaveBeenLastCalledWith(balanceOf(4));
    await vi.advanceTimersByTimeAsync(2 * everyMs);
    expect(onLow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(everyMs);
    expect(messages(30)).toContain("CometAPI's balance is back at IMAGINE_LOW_BALANCE_USD ($5.00) or more");
    await vi.advanceTimersByTimeAsync(2 * everyMs);
    expect(onLow).toHaveBeenCalledTimes(2);
    expect(onLow).toHaveBeenLastCalledWith(balanceOf(4.99));

    const lowWarnings = log.records().filter((record) => String(record.msg).includes("below IMAGINE_LOW"));
    expect(lowWarnings.map((record) => [record.level, record["balanceUsd"], record["lowUsd"]])).toEqual([
      [40, 4, 5],
      [40, 4.99, 5],
    ]);
    expect(lowWarnings[0]?.["msg"]).toBe(
      "CometAPI's balance ($4.00) is below IMAGINE_LOW_BALANCE_USD ($5.00): top up the account before images start failing",
    );
  });

  it("warns of a balance already low at start, and never when the low mark is 0", async () => {
    const onLow = vi.fn();
    watch = watchBalance({ fetch: script(1), everyMs, lowUsd: 5, log: log.log, onLow });
    await watch.start();
    expect(onLow).toHaveBeenCalledTimes(1);
    watch.stop();

    const never = vi.fn();
    watch = watchBalance({ fetch: script(0, -3), everyMs, lowUsd: 0, log: log.log, onLow: never });
    await watch.start();
    await vi.advanceTimersByTimeAsync(everyMs);
    expect(never).not.toHaveBeenCalled();
  });

  it("reads no more once stopped, and abandons a read in flight without a word", async () => {
    let signal: AbortSignal | undefined;
    const fetch = vi.fn(
      (given: AbortSignal) =>
        new Promise<CometApiBalance>((_resolve, reject) => {
          signal = given;
          given.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
        }),
    );
    watch = watchBalance({ fetch, everyMs, lowUsd: 0, log: log.log });
    const started = watch.start();
    watch.stop();
    await started;
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * everyMs);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(log.lines).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
