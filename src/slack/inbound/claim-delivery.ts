import type { RecentKeys } from "./create-recent-keys.ts";

/** What identifies one message Slack delivered. */
export interface Delivery {
  readonly eventId: string | undefined;
  readonly channelId: string;
  readonly ts: string;
}

/**
 * True the first time a message arrives. Slack redelivers an event it thinks was not
 * acknowledged in time (`retry_attempt` on the socket, `X-Slack-Retry-Num` over HTTP) with the
 * same `event_id`; and one message can arrive as two events (an `app_mention` and a
 * `message.im`) with different ids but the same channel and ts. Both keys are always recorded.
 */
export function claimDelivery(recent: RecentKeys, delivery: Delivery): boolean {
  const keys = [`message:${delivery.channelId}:${delivery.ts}`];
  if (delivery.eventId) keys.push(`event:${delivery.eventId}`);
  return keys.map((key) => recent.claim(key)).every(Boolean);
}
