import type { Logger } from "pino";
import { formatUsd } from "../../kit/format-usd.ts";
import type { BalanceSource, CometApiBalance } from "./balance.ts";

export interface WatchBalanceOptions {
  /** One read of the balance (`fetchBalance`, its address and key bound); its errors hold no key. */
  readonly fetch: (signal: AbortSignal) => Promise<CometApiBalance>;
  /** Between two reads (IMAGINE_BALANCE_CHECK_MINUTES). */
  readonly everyMs: number;
  /** Below this many dollars the balance is low (IMAGINE_LOW_BALANCE_USD); 0: never. */
  readonly lowUsd: number;
  readonly log: Logger;
  /** Called once each time the balance falls below `lowUsd`, with the reading that did. */
  readonly onLow?: (balance: CometApiBalance) => void;
}

/** The account's balance, read at start and then every `everyMs`. */
export interface BalanceWatch extends BalanceSource {
  /** Reads the balance now, then every `everyMs`; resolves once the first read settled, never rejects. */
  start(): Promise<void>;
  /** Stops reading and abandons a read in flight. */
  stop(): void;
  /** The last good reading; a failed read leaves it as it was. */
  latest(): CometApiBalance | undefined;
}

/**
 * Watches CometAPI's balance: each reading replaces the last one, and a failed read is logged and
 * changes nothing. When `lowUsd` is above 0 and the balance falls below it, a warning is logged and
 * `onLow` called once; again only after the balance has been back at `lowUsd` or more.
 */
export function watchBalance(options: WatchBalanceOptions): BalanceWatch {
  const { log, everyMs, lowUsd } = options;
  const abort = new AbortController();
  let latest: CometApiBalance | undefined;
  let low = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function judge(balance: CometApiBalance): void {
    if (lowUsd <= 0) return;
    const isLow = balance.accountUsd < lowUsd;
    if (isLow === low) return;
    low = isLow;
    const fields = { balanceUsd: balance.accountUsd, lowUsd };
    if (!isLow) {
      log.info(
        fields,
        `CometAPI's balance is back at IMAGINE_LOW_BALANCE_USD (${formatUsd(lowUsd)}) or more`,
      );
      return;
    }
    log.warn(
      fields,
      `CometAPI's balance (${formatUsd(balance.accountUsd)}) is below IMAGINE_LOW_BALANCE_USD (${formatUsd(lowUsd)}): ` +
        "top up the account before images start failing",
    );
    try {
      options.onLow?.(balance);
    } catch (error) {
      log.error({ err: error }, "telling of the low CometAPI balance failed");
    }
  }

  async function read(): Promise<void> {
    if (stopped) return;
    try {
      const balance = await options.fetch(abort.signal);
      if (stopped) return;
      const first = latest === undefined;
      latest = balance;
      if (first) log.info({ balanceUsd: balance.accountUsd }, "CometAPI's balance read");
      else log.debug({ balanceUsd: balance.accountUsd }, "CometAPI's balance read");
      judge(balance);
    } catch (error) {
      if (stopped) return;
      // The last reading stays, in /metrics too; the next read is at the usual time.
      log.warn(
        { err: error, retryInMs: everyMs },
        "could not read CometAPI's balance; check COMETAPI_QUOTA_URL and COMETAPI_QUOTA_KEY (or COMETAPI_API_KEY)",
      );
    }
    if (stopped) return;
    timer = setTimeout(() => void read(), everyMs);
    timer.unref();
  }

  return {
    start: read,
    stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
    },
    latest: () => latest,
  };
}
