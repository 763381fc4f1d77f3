import { describe, expect, it } from "vitest";
import { createTtlCache } from "../../src/kit/create-ttl-cache.ts";

/** A cache over a loader that counts its calls and answers what `answer` says, on a clock the test moves. */
function setup(answer: (key: string) => Promise<string> = async (key) => `value of ${key}`) {
  let now = 0;
  const loads: string[] = [];
  const failures: string[] = [];
  const cache = createTtlCache({
    load: (key) => {
      loads.push(key);
      return answer(key);
    },
    onLoadError: (key, error) => failures.push(`${key}: ${(error as Error).message}`),
    ttlMs: 1000,
    now: () => now,
  });
  return { cache, loads, failures, advance: (ms: number) => (now += ms) };
}

describe("createTtlCache", () => {
  it("loads a key once while its value is fresh, and again once the clock passes the TTL", async () => {
    const { cache, loads, advance } = setup();

    expect(await cache.get("a")).toBe("value of a");
    advance(999);
    expect(await cache.get("a")).toBe("value of a");
    expect(loads).toEqual(["a"]);

    advance(1);
    expect(await cache.get("a")).toBe("value of a");
    expect(loads).toEqual(["a", "a"]);
  });

  it("shares a load in flight between the callers that ask meanwhile", async () => {
    let finish!: (value: string) => void;
    const { cache, loads } = setup(() => new Promise((resolve) => (finish = resolve)));

    const first = cache.get("a");
    const second = cache.get("a");
    finish("slow");

    expect(await Promise.all([first, second])).toEqual(["slow", "slow"]);
    expect(loads).toEqual(["a"]);
  });

  it("hands a failed load to its callers, reports it once, and keeps nothing, so the next get loads again", async () => {
    let fail = true;
    const { cache, loads, failures } = setup(async (key) => {
      if (fail) throw new Error(`no ${key}`);
      return key;
    });

    const callers = [cache.get("a"), cache.get("a")];
    await expect(Promise.all(callers)).rejects.toThrow("no a");
    await Promise.allSettled(callers);
    expect(failures).toEqual(["a: no a"]);
    fail = false;
    expect(await cache.get("a")).toBe("a");
    expect(loads).toEqual(["a", "a"]);
  });
});
