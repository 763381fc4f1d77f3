import { Agent, request as httpRequest } from "node:http";

/** One request, made ready (signed, serialized) before the load starts. */
export interface PreparedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What became of one request. */
export interface RequestOutcome {
  /** Its scheduled time → its whole answer received, or the request given up or failed. */
  readonly latencyMs: number;
  /** Its scheduled time → handed to the socket pool: the generator's own lag. */
  readonly sendLagMs: number;
  /** The HTTP status; 0 when none came (timed out, or the connection failed). */
  readonly status: number;
  readonly timedOut: boolean;
  /** The answer's body (its first kilobyte): an interaction's response is a few bytes. */
  readonly body: string;
}

export interface OpenLoopOptions {
  readonly ratePerSecond: number;
  /** A request with no whole answer this long after its scheduled time is given up. */
  readonly timeoutMs: number;
  /** Connections kept alive to each server; a request finding them all busy waits for one. */
  readonly maxSockets: number;
}

/** Time between being asked and the first request's scheduled time, so the schedule starts clean. */
const leadMs = 20;
const maxBodyChars = 1024;

/** When the first request was scheduled, and what became of each. */
export interface OpenLoopRun {
  /** The first request's scheduled time, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** In the order of the requests given. */
  readonly outcomes: RequestOutcome[];
}

/**
 * Sends `requests` open-loop: the i-th at `t0 + i / rate` whatever became of the ones before it,
 * and times each from that scheduled time, not from when it actually went out. A server that
 * stalls therefore shows its stall in every request scheduled meanwhile, as real traffic would
 * feel it, instead of slowing the sender down (a closed loop hides tail latency that way). Each
 * call uses connections of its own (keep-alive, at most `maxSockets` a server), closed at the end.
 */
export function sendOpenLoop(
  requests: readonly PreparedRequest[],
  options: OpenLoopOptions,
): Promise<OpenLoopRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const intervalMs = 1000 / options.ratePerSecond;
  const prepared = requests.map((request) => {
    const body = Buffer.from(request.body, "utf8");
    return {
      url: new URL(request.url),
      headers: { ...request.headers, "content-length": String(body.length) },
      body,
    };
  });
  const outcomes: RequestOutcome[] = [];
  const start = performance.now() + leadMs;
  const startedAt = performance.timeOrigin + start;
  let settled = 0;
  let next = 0;

  return new Promise((resolve) => {
    const settle = (index: number, outcome: RequestOutcome) => {
      if (outcomes[index] !== undefined) return;
      outcomes[index] = outcome;
      if (++settled < prepared.length) return;
      agent.destroy();
      resolve({ startedAt, outcomes });
    };
    const fire = (index: number) => {
      const scheduledAt = start + index * intervalMs;
      const sendLagMs = performance.now() - scheduledAt;
      const { url, headers, body } = prepared[index]!;
      const ended = (status: number, timedOut: boolean, text = "") =>
        settle(index, {
          latencyMs: performance.now() - scheduledAt,
          sendLagMs,
          status,
          timedOut,
          body: text,
        });
      const request = httpRequest(url, { method: "POST", agent, headers });
      // Rounded up to whole milliseconds: timers of equal duration share one list in Node.
      const timer = setTimeout(
        () => {
          ended(0, true);
          request.destroy();
        },
        Math.max(0, Math.ceil(scheduledAt + options.timeoutMs - performance.now())),
      );
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8").slice(0, maxBodyChars);
          ended(response.statusCode ?? 0, false, text);
        });
        response.on("error", () => {
          clearTimeout(timer);
          ended(0, false);
        });
      });
      request.on("error", () => {
        clearTimeout(timer);
        ended(0, false);
      });
      request.end(body);
    };
    // Everything due by now goes out: after a late timer, the requests it owed go at once, each
    // still timed from its own scheduled time.
    const tick = () => {
      const now = performance.now();
      while (next < prepared.length && start + next * intervalMs <= now) fire(next++);
      if (next < prepared.length)
        setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    if (prepared.length === 0) return resolve({ startedAt, outcomes });
    setTimeout(tick, leadMs);
  });
}
