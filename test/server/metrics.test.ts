import { describe, expect, it } from "vitest";
import { formatMetrics } from "../../src/metrics.ts";

describe("formatMetrics", () => {
  it("writes gauges and totals by outcome", () => {
    const text = formatMetrics({
      running: 2,
      waiting: 5,
      totals: { accepted: 10, refused: 3, completed: 6, failed: 1, cancelled: 0 },
    });
    expect(text).toContain("imagine_jobs_running 2\n");
    expect(text).toContain("imagine_jobs_waiting 5\n");
    expect(text).toContain('imagine_jobs_total{outcome="refused"} 3\n');
    expect(text).toContain("# TYPE imagine_jobs_total counter");
  });
});
