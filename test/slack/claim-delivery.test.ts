import { describe, expect, it } from "vitest";
import { claimDelivery } from "../../src/slack/inbound/claim-delivery.ts";
import { createOnceKeys } from "../../src/kit/create-once-keys.ts";

describe("claimDelivery", () => {
  it("refuses a repeated event id and a repeated message under a new event id", async () => {
    const keys = createOnceKeys({ maxKeys: 100, now: () => 0 });
    const claim = async (key: string) => keys.claim(key, 60_000);
    const message = { channelId: "C1", ts: "1.000001" };
    expect(await claimDelivery(claim, { ...message, eventId: "Ev1" })).toBe(true);
    expect(await claimDelivery(claim, { ...message, eventId: "Ev1" })).toBe(false);
    expect(await claimDelivery(claim, { ...message, eventId: "Ev2" })).toBe(false);
    expect(await claimDelivery(claim, { channelId: "C1", ts: "1.000002", eventId: "Ev2" })).toBe(false);
    expect(await claimDelivery(claim, { channelId: "C1", ts: "1.000003", eventId: undefined })).toBe(true);
  });

  it("lets one of two simultaneous deliveries of an event through, whichever claim lands first", async () => {
    const taken = new Set<string>();
    const decide = (key: string) => {
      const first = !taken.has(key);
      taken.add(key);
      return first;
    };
    let releaseHeld: (() => void) | undefined;
    let eventClaims = 0;
    const claim = (key: string) => {
      if (key.startsWith("event:") && eventClaims++ === 0) {
        // The first delivery's claim of the event reaches the store after the second's.
        return new Promise<boolean>((resolve) => (releaseHeld = () => resolve(decide(key))));
      }
      return Promise.resolve(decide(key));
    };
    const delivery = { channelId: "C1", ts: "1.000001", eventId: "Ev1" };
    const first = claimDelivery(claim, delivery);
    const second = await claimDelivery(claim, delivery);
    releaseHeld?.();
    expect([await first, second].filter(Boolean)).toHaveLength(1);
  });
});
