/** What identifies one message Slack delivered. */
export interface Delivery {
  readonly eventId: string | undefined;
  readonly channelId: string;
  readonly ts: string;
}

/** Claims a key once (for every instance of the bot sharing a store): true the first time. */
export type ClaimKey = (key: string) => Promise<boolean>;

/**
 * True the first time a message arrives, at this instance or any other. Slack redelivers an
 * event it thinks was not acknowledged in time (`retry_attempt` on the socket,
 * `X-Slack-Retry-Num` over HTTP, possibly to another instance behind a load balancer) with the
 * same `event_id`; and one message can arrive as two events (an `app_mention` and a `message.im`)
 * with different ids but the same channel and ts. The event's key decides between deliveries of one
 * event, the message's between events of one message.
 */
export async function claimDelivery(claim: ClaimKey, delivery: Delivery): Promise<boolean> {
  // One key after the other, the event's first: claimed at once, two deliveries of one event
  // reaching two instances could each take one key and both be dropped.
  if (delivery.eventId && !(await claim(`event:${delivery.eventId}`))) return false;
  return claim(`message:${delivery.channelId}:${delivery.ts}`);
}
