/**
 * Tracks this process's peak RSS and heap and answers the parent bench over IPC:
 * `{ type: "memory" }` → `{ type: "memory", peakRssBytes, peakHeapBytes }`, `{ type: "reset" }`.
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
  process.on("message", (message: { type?: string }) => {
    if (message.type === "reset") {
      peakRss = 0;
      peakHeap = 0;
      sample();
    } else if (message.type === "memory") {
      sample();
      process.send?.({ type: "memory", peakRssBytes: peakRss, peakHeapBytes: peakHeap });
    }
  });
}
