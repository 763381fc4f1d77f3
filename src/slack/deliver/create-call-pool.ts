import { Agent, Pool } from "undici";
import { settleWithin } from "../../kit/settle-within.ts";

/** The undici agent the adapter's calls go through, with a stop that waits a bounded time. */
export interface CallPool {
  readonly dispatcher: Agent;
  /**
   * Closes the agent, giving calls still in flight `graceMs` to finish before their connections
   * are cut (`Agent.close()` alone waits for them however long they take). Once closed, a second
   * call does nothing.
   */
  close(graceMs: number): Promise<void>;
}

/** Creates the agent; `options` are undici's (keep-alive and the like). */
export function createCallPool(options: Agent.Options = {}): CallPool {
  // `Agent.close()` forgets its per-origin pools at once, so an `Agent.destroy()` after it reaches
  // none of them: they are kept here, to cut the ones still busy when the grace is over.
  const origins = new Set<Pool>();
  const dispatcher = new Agent({
    ...options,
    factory: (origin, poolOptions) => {
      // The agent closes an origin's pool once it has no connection left: nothing to cut there.
      for (const pool of origins) if (pool.closed || pool.destroyed) origins.delete(pool);
      const pool = new Pool(origin, poolOptions as Pool.Options);
      origins.add(pool);
      return pool;
    },
  });
  return {
    dispatcher,
    async close(graceMs) {
      if (dispatcher.closed || dispatcher.destroyed) return;
      // A pool cut below never reports closed; the wait has moved on by then.
      const outcome = await settleWithin(dispatcher.close(), graceMs);
      if (outcome === "late") await Promise.all([...origins].map((pool) => pool.destroy()));
    },
  };
}
