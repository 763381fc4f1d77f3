import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "../../../src/core/jobs/progress.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function recorder() {
  const rendered: Array<{ state: string; at: number }> = [];
  const render = async (state: string) => void rendered.push({ state, at: Date.now() });
  return { rendered, render };
}

describe("createCoalescer", () => {
  it("renders the first state at once", async () => {
    const { rendered, render } = recorder();
    const coalescer = createCoalescer({ render, intervalMs: 1000 });
    coalescer.push("queued");
    await vi.advanceTimersByTimeAsync(0);
    expect(rendered.map((r) => r.state)).toEqual(["queued"]);
  });

  it("keeps only the latest state within an interval", async () => {
    const { rendered, render } = recorder();
    const coalescer = createCoalescer({ render, intervalMs: 1000 });
    coalescer.push("a");
    await vi.advanceTimersByTimeAsync(0);
    coalescer.push("b");
    coalescer.push("c");
    coalescer.push("d");
    await vi.advanceTimersByTimeAsync(999);
    expect(rendered.map((r) => r.state)).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(rendered.map((r) => r.state)).toEqual(["a", "d"]);
  });

  it("never starts two renders closer than the interval", async () => {
    const { rendered, render } = recorder();
    const coalescer = createCoalescer({ render, intervalMs: 1000 });
    for (let step = 0; step < 50; step++) {
      coalescer.push(`s${step}`);
      await vi.advanceTimersByTimeAsync(130);
    }
    await vi.advanceTimersByTimeAsync(2000);
    const gaps = rendered.slice(1).map((r, i) => r.at - rendered[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    expect(rendered.at(-1)?.state).toBe("s49");
  });

  it("skips a state that looks the same as the one shown", async () => {
    const { rendered, render } = recorder();
    const coalescer = createCoalescer({ render, intervalMs: 100 });
    coalescer.push("same");
    await vi.advanceTimersByTimeAsync(0);
    coalescer.push("same");
    await vi.advanceTimersByTimeAsync(500);
    expect(rendered).toHaveLength(1);
  });

  it("holds a progress state the budget refuses and shows the latest one once it allows, never holding the final", async () => {
    const { rendered, render } = recorder();
    let allowed = false;
    const coalescer = createCoalescer({ render, intervalMs: 1000, admit: () => allowed });
    coalescer.push("preview 1");
    await vi.advanceTimersByTimeAsync(5000);
    expect(rendered).toEqual([]);
    coalescer.push("preview 2");
    allowed = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(rendered.map((r) => r.state)).toEqual(["preview 2"]);
    allowed = false;
    await coalescer.finish("done");
    expect(rendered.map((r) => r.state)).toEqual(["preview 2", "done"]);
  });

  it("renders the final state after the one in flight, dropping what was waiting", async () => {
    const order: string[] = [];
    let release!: () => void;
    const render = vi.fn(async (state: string) => {
      order.push(`start ${state}`);
      if (state === "slow") await new Promise<void>((resolve) => (release = resolve));
      order.push(`end ${state}`);
    });
    const coalescer = createCoalescer({ render, intervalMs: 1000 });
    coalescer.push("slow");
    await vi.advanceTimersByTimeAsync(0);
    coalescer.push("waiting");
    const final = coalescer.finish("final");
    coalescer.push("too late");
    release();
    await final;
    await vi.advanceTimersByTimeAsync(5000);
    expect(order).toEqual(["start slow", "end slow", "start final", "end final"]);
  });

  it("keeps going after a failed render and reports it", async () => {
    const errors: unknown[] = [];
    const rendered: string[] = [];
    const coalescer = createCoalescer({
      intervalMs: 10,
      onError: (error) => errors.push(error),
      render: async (state: string) => {
        if (state === "bad") throw new Error("edit failed");
        rendered.push(state);
      },
    });
    coalescer.push("bad");
    await vi.advanceTimersByTimeAsync(0);
    coalescer.push("good");
    await vi.advanceTimersByTimeAsync(20);
    expect(errors).toHaveLength(1);
    expect(rendered).toEqual(["good"]);
  });

  it("rejects finish when the final render fails, so the caller can fall back", async () => {
    const coalescer = createCoalescer({
      intervalMs: 10,
      render: async () => {
        throw new Error("token expired");
      },
    });
    await expect(coalescer.finish("done")).rejects.toThrow("token expired");
  });
});
