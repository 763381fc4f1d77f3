import { STATUS_CODES } from "node:http";
import type { RouteReply } from "./rest-types.ts";
import type { FailMatch, FailReply } from "./recorded-call.ts";

/** Failures a test scheduled, used up one matching request at a time in the order scheduled. */
export interface FailurePlan {
  add(match: FailMatch, reply: FailReply): void;
  /** The reply for this request, if a failure matches it (and uses it up). */
  take(method: string, path: string, route: string): RouteReply | undefined;
}

/** Creates a plan with nothing scheduled. */
export function createFailurePlan(): FailurePlan {
  const scheduled: { match: FailMatch; reply: FailReply; left: number }[] = [];
  return {
    add(match, reply) {
      const left = reply.times ?? 1;
      if (!Number.isInteger(left) || left < 1) throw new Error(`failNext: times must be ≥ 1, got ${left}`);
      scheduled.push({ match, reply, left });
    },
    take(method, path, route) {
      const index = scheduled.findIndex(({ match }) => {
        // A /g or /y RegExp keeps `lastIndex` between calls; start afresh each time.
        match.path.lastIndex = 0;
        return (match.method === undefined || match.method.toUpperCase() === method) && match.path.test(path);
      });
      const entry = scheduled[index];
      if (entry === undefined) return undefined;
      entry.left -= 1;
      if (entry.left === 0) scheduled.splice(index, 1);
      return failureReply(entry.reply, `${method}:${route}`);
    },
  };
}

/** The HTTP answer for a scheduled failure; `bucket` names the rate-limit bucket of a 429. */
export function failureReply(reply: FailReply, bucket: string): RouteReply {
  if (reply.status !== 429) {
    return {
      status: reply.status,
      body: reply.body ?? { message: `${reply.status}: ${STATUS_CODES[reply.status] ?? "Error"}`, code: 0 },
    };
  }
  const seconds = reply.retryAfterSeconds ?? 1;
  return {
    status: 429,
    body: reply.body ?? { message: "You are being rate limited.", retry_after: seconds, global: false },
    // @discordjs/rest waits `Number(Retry-After)` seconds (it never reads the body), so a fraction
    // here keeps tests fast; Discord itself sends whole seconds in the header. It treats the mere
    // presence of X-RateLimit-Global as a global limit, so that header is left out entirely.
    headers: {
      "retry-after": String(seconds),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": (Date.now() / 1000 + seconds).toFixed(3),
      "x-ratelimit-reset-after": String(seconds),
      "x-ratelimit-bucket": Buffer.from(bucket).toString("hex").slice(0, 32),
      "x-ratelimit-scope": "user",
    },
  };
}
