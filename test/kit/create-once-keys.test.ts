import { describe, expect, it } from "vitest";
import { createOnceKeys } from "../../src/kit/create-once-keys.ts";

describe("createOnceKeys", () => {
  it("claims a key once within its time and again after it", () => {
    let now = 0;
    const keys = createOnceKeys({ maxKeys: 10, now: () => now });
    expect(keys.claim("a", 1000)).toBe(true);
    expect(keys.claim("a", 1000)).toBe(false);
    now = 999;
    expect(keys.claim("a", 1000)).toBe(false);
    now = 1000;
    expect(keys.claim("a", 1000)).toBe(true);
  });

  it("keeps each key for the time it was claimed for", () => {
    let now = 0;
    const keys = createOnceKeys({ maxKeys: 10, now: () => now });
    keys.claim("long", 60_000);
    keys.claim("short", 10);
    now = 10;
    expect(keys.claim("short", 10)).toBe(true);
    expect(keys.claim("long", 60_000)).toBe(false);
  });

  it("forgets the oldest key when full", () => {
    const keys = createOnceKeys({ maxKeys: 2, now: () => 0 });
    keys.claim("a", 60_000);
    keys.claim("b", 60_000);
    keys.claim("c", 60_000);
    expect(keys.claim("b", 60_000)).toBe(false);
    expect(keys.claim("a", 60_000)).toBe(true);
  });
});
