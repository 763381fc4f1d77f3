import type { Logger } from "pino";
import type { AccessCheck } from "./types.ts";

/** Runs `task` every `ms` until the returned function is called; the task settles when done. */
export type Repeat = (task: () => Promise<void>, ms: number) => () => void;

export interface WatchProviderAccessOptions {
  /** One check of the key and address (the provider's `checkAccess`). */
  readonly check: (signal: AbortSignal) => Promise<AccessCheck>;
  /** COMETAPI_BASE_URL, for the operator's lines. */
  readonly baseUrl: string;
  readonly log: Logger;
  /** Time between checks. Default one minute. */
  readonly everyMs?: number;
  /** The timer; an unref'd `setInterval` by default, so it never keeps the process alive. */
  readonly repeat?: Repeat;
}

/** The last check's verdict on whether jobs can reach CometAPI. */
export interface ProviderAccessWatch {
  /** Checks at once, in the background, and then every `everyMs`. */
  start(): void;
  /** Why every job would fail now (the key is refused), for /readyz; undefined otherwise. */
  problem(): string | undefined;
  /** Stops checking and abandons a check in flight. */
  stop(): void;
}

const defaultRepeat: Repeat = (task, ms) => {
  const timer = setInterval(() => void task(), ms);
  timer.unref();
  return () => clearInterval(timer);
};

// Same verdict, same key: a line is logged only when the verdict changes.
const verdictKey = (result: AccessCheck) =>
  result.ok ? "ok" : `${result.problem}:${"status" in result ? result.status : result.detail}`;

/**
 * Once started, checks the CometAPI key and base URL at once (in the background: start-up never
 * waits for it) and then every `everyMs`, logging one line each time the verdict changes. Only a
 * refused key makes the bot not ready: a wrong path or an unreachable network is logged, since the
 * model list may be the only thing missing, or the network may come back before the first job.
 */
export function watchProviderAccess(options: WatchProviderAccessOptions): ProviderAccessWatch {
  const { log, baseUrl } = options;
  const stopping = new AbortController();
  let last: AccessCheck | undefined;
  let running = false;

  const report = (result: AccessCheck, previous: AccessCheck | undefined) => {
    if (result.ok) {
      if (previous && !previous.ok) log.info("CometAPI accepts COMETAPI_API_KEY at COMETAPI_BASE_URL again");
      else log.info("CometAPI accepted COMETAPI_API_KEY");
      return;
    }
    switch (result.problem) {
      case "key_refused":
        return log.error(
          { status: result.status },
          `CometAPI refused the key (${result.status}): check COMETAPI_API_KEY; /readyz answers 503 until it is accepted`,
        );
      case "not_found":
        return log.error(
          { status: result.status },
          `CometAPI answered 404 for ${baseUrl}/models: COMETAPI_BASE_URL must end in /v1 (the default is https://api.cometapi.com/v1)`,
        );
      case "unreachable":
        return log.warn(
          { code: result.detail },
          `could not reach CometAPI at COMETAPI_BASE_URL=${baseUrl} (${result.detail}): the network failed, not the key; images fail until it is reachable`,
        );
      case "unexpected_status":
        return log.warn(
          { status: result.status },
          `CometAPI answered ${result.status} when the key was checked; checking again shortly`,
        );
    }
  };

  const run = async () => {
    if (running || stopping.signal.aborted) return;
    running = true;
    try {
      const result = await options.check(stopping.signal).catch((error: unknown) => {
        log.warn({ err: error }, "could not check the CometAPI key");
        return undefined;
      });
      if (!result || stopping.signal.aborted) return;
      const previous = last;
      last = result;
      if (!previous || verdictKey(previous) !== verdictKey(result)) report(result, previous);
    } finally {
      running = false;
    }
  };

  let cancel = () => {};
  return {
    start() {
      void run();
      cancel = (options.repeat ?? defaultRepeat)(run, options.everyMs ?? 60_000);
    },
    problem: () =>
      last && !last.ok && last.problem === "key_refused"
        ? `CometAPI refused COMETAPI_API_KEY (HTTP ${last.status}): check the key`
        : undefined,
    stop() {
      cancel();
      stopping.abort();
    },
  };
}
