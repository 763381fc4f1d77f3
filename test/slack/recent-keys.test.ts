import { describe, expect, it } from "vitest";
import { claimDelivery } from "../../src/slack/inbound/claim-delivery.ts";
import { createRecentKeys } from "../../src/slack/inbound/create-recent-keys.ts";

describe("createRecentKeys", () => {
  it("claims a key once within the TTL and again after it", () => {
    let now = 0;
    const keys = createRecentKeys({ maxKeys: 10, ttlMs: 1000, now: () => now });
    expect(keys.claim("a")).toBe(true);
    expect(keys.claim("a")).toBe(false);
    now = 1000;
    expect(keys.claim("a")).toBe(true);
  });

  it("forgets the oldest key when full", () => {
    const keys = createRecentKeys({ maxKeys: 2, ttlMs: 60_000, now: () => 0 });
    keys.claim("a");
    keys.claim("b");
    keys.claim("c");
    expect(keys.claim("b")).toBe(false);
    expect(keys.claim("a")).toBe(true);
  });
});

describe("claimDelivery", () => {
  it("refuses a repeated event id and a repeated message under a new event id", () => {
    const keys = createRecentKeys({ maxKeys: 100, ttlMs: 60_000, now: () => 0 });
    const message = { channelId: "C1", ts: "1.000001" };
    expect(claimDelivery(keys, { ...message, eventId: "Ev1" })).toBe(true);
    expect(claimDelivery(keys, { ...message, eventId: "Ev1" })).toBe(false);
    expect(claimDelivery(keys, { ...message, eventId: "Ev2" })).toBe(false);
    expect(claimDelivery(keys, { channelId: "C1", ts: "1.000002", eventId: "Ev2" })).toBe(false);
    expect(claimDelivery(keys, { channelId: "C1", ts: "1.000003", eventId: undefined })).toBe(true);
  });
});
