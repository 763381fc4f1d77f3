import type { FailReply } from "./types.ts";

/** Failures a test scheduled, consumed one call at a time in the order they were scheduled. */
export interface FailurePlan<Reply extends { times?: number } = FailReply> {
  failNext(method: string, reply: Reply): void;
  /** The failure for this call of `method`, if one is scheduled (and uses it up). */
  take(method: string): Reply | undefined;
}

/** Pseudo-method under which upload URL failures are scheduled and upload POSTs recorded. */
export const uploadMethod = "upload_url";

/** Creates a plan with nothing scheduled. */
export function createFailurePlan<Reply extends { times?: number } = FailReply>(): FailurePlan<Reply> {
  const queues = new Map<string, { reply: Reply; left: number }[]>();
  return {
    failNext(method, reply) {
      const left = reply.times ?? 1;
      if (!Number.isInteger(left) || left < 1) throw new Error(`failNext: times must be ≥ 1, got ${left}`);
      const queue = queues.get(method) ?? [];
      queue.push({ reply, left });
      queues.set(method, queue);
    },
    take(method) {
      const queue = queues.get(method);
      const head = queue?.[0];
      if (queue === undefined || head === undefined) return undefined;
      head.left -= 1;
      if (head.left === 0) queue.shift();
      return head.reply;
    },
  };
}

/** The HTTP answer for a scheduled Web API failure. */
export function failureResponse(reply: FailReply): {
  status: number;
  headers: Record<string, string>;
  body: { ok: false; error: string };
} {
  const body = { ok: false as const, error: reply.error };
  if (reply.error === "ratelimited") {
    // The WebClient only waits out a 429 that carries Retry-After (integer seconds, parseInt'ed);
    // without the header it aborts the call instead of retrying.
    const seconds = reply.retryAfterSeconds ?? 1;
    return { status: reply.status ?? 429, headers: { "retry-after": String(seconds) }, body };
  }
  return { status: reply.status ?? 200, headers: {}, body };
}
