import type { ImagineStats } from "./core/imagine.ts";

/** The core's counters in Prometheus' text format. */
export function formatMetrics(stats: ImagineStats): string {
  const lines = [
    "# HELP imagine_jobs_running Jobs generating images now.",
    "# TYPE imagine_jobs_running gauge",
    `imagine_jobs_running ${stats.running}`,
    "# HELP imagine_jobs_waiting Jobs waiting for a free slot.",
    "# TYPE imagine_jobs_waiting gauge",
    `imagine_jobs_waiting ${stats.waiting}`,
    "# HELP imagine_jobs_total Requests by how they ended.",
    "# TYPE imagine_jobs_total counter",
    ...Object.entries(stats.totals).map(
      ([outcome, count]) => `imagine_jobs_total{outcome="${outcome}"} ${count}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
