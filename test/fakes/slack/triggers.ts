/** How long Slack honours a `trigger_id` after the interaction that issued it. */
export const triggerLifetimeMs = 3000;

/** `trigger_id`s handed out with slash commands and interactive payloads. */
export interface TriggerRegistry {
  /** A fresh `trigger_id` for `userId`'s interaction. */
  issue(userId: string): string;
  /**
   * Uses `triggerId` up (Slack's are single-use) and names who it was issued for, or Slack's
   * error: `invalid_trigger_id` (never issued), `exchanged_trigger_id` (used before),
   * `expired_trigger_id` (older than {@link triggerLifetimeMs} on the fake's clock).
   */
  exchange(triggerId: string): { readonly userId: string } | { readonly refusal: string };
}

/**
 * Creates the registry. Expiry is measured only on a clock the test gave the fake (`now`): on the
 * real clock a slow machine would expire a trigger the bot used promptly.
 */
export function createTriggerRegistry(deps: {
  newId: () => string;
  now: (() => number) | undefined;
}): TriggerRegistry {
  const triggers = new Map<string, { userId: string; issuedAt: number; exchanged: boolean }>();
  return {
    issue(userId) {
      const id = deps.newId();
      triggers.set(id, { userId, issuedAt: deps.now?.() ?? 0, exchanged: false });
      return id;
    },
    exchange(triggerId) {
      const trigger = triggers.get(triggerId);
      if (trigger === undefined) return { refusal: "invalid_trigger_id" };
      if (trigger.exchanged) return { refusal: "exchanged_trigger_id" };
      if (deps.now !== undefined && deps.now() - trigger.issuedAt > triggerLifetimeMs) {
        return { refusal: "expired_trigger_id" };
      }
      trigger.exchanged = true;
      return { userId: trigger.userId };
    },
  };
}
