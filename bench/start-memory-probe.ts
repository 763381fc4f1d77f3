/** Messages the bench sends a child over IPC. */
export type ProbeRequest = { type: "memory" } | { type: "reset" };

/** What a child answers to `{ type: "memory" }`. */
export interface MemoryReport {
  type: "memory";
  peakRssBytes: number;
  peakHeapBytes: number;
}

/**
 * Tracks this process's peak RSS and heap (sampled every 20 ms) and answers the parent bench over
 * IPC. Also ends the process when the parent goes away, so no bench child outlives its bench.
 */
export function startMemoryProbe(): void {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  setInterval(sample, 20).unref();
  process.on("message", (message: ProbeRequest) => {
    if (message.type === "reset") {
      peakRss = 0;
      peakHeap = 0;
      sample();
    } else if (message.type === "memory") {
      sample();
      const report: MemoryReport = { type: "memory", peakRssBytes: peakRss, peakHeapBytes: peakHeap };
      process.send?.(report);
    }
  });
  process.on("disconnect", () => process.exit(0));
}
