import type { AckFigures } from "./result.ts";
import type { RequestOutcome } from "./send-open-loop.ts";
import { summarize } from "./stats.ts";

/** An interaction's answer that defers it: `{"type":5}` (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE). */
function isDeferral(body: string): boolean {
  try {
    return (JSON.parse(body) as { type?: unknown }).type === 5;
  } catch {
    return false;
  }
}

/** The acknowledgement figures of requests sent open-loop, each timed from its scheduled time. */
export function summarizeAcks(outcomes: readonly RequestOutcome[]): AckFigures {
  const answered2xx = outcomes.filter((o) => !o.timedOut && o.status >= 200 && o.status < 300);
  return {
    sent: outcomes.length,
    ackMs: summarize(outcomes.map((o) => o.latencyMs)),
    non2xx: outcomes.filter((o) => !o.timedOut && (o.status < 200 || o.status >= 300)).length,
    notDeferred: answered2xx.filter((o) => !isDeferral(o.body)).length,
    timedOut: outcomes.filter((o) => o.timedOut).length,
    sendLagMs: summarize(outcomes.map((o) => o.sendLagMs)),
  };
}
