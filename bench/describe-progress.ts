import type { BenchResult } from "./result.ts";
import { runName } from "./table.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The line printed as each run ends, before the report. */
export function describeProgress(result: BenchResult): string {
  switch (result.scenario) {
    case "http-interactions": {
      const { bot, floor } = result;
      return (
        `  http interactions ${result.ratePerSecond}/s for ${result.durationS} s: ack p99 ` +
        `${bot.ackMs.p99.toFixed(0)} ms (minimal server ${floor.ackMs.p99.toFixed(0)} ms), ` +
        `${bot.timedOut} timed out, ${bot.non2xx} non-2xx`
      );
    }
    case "instances":
      if (result.skipped !== undefined)
        return `  instances ×${result.instances}: not run (${result.skipped})`;
      return (
        `  instances ×${result.instances}: ${result.completed}/${result.acks.sent} done, ` +
        `${result.jobsPerSecond.toFixed(1)} jobs/s, in ${seconds(result.wallMs)}`
      );
    case "load":
    case "edit":
    case "zero-latency":
    case "memory":
      return (
        `  ${runName(result)} N=${result.n}: ${result.completed}/${result.n} done, ` +
        `${result.rateLimitAnswers} rate-limited, in ${seconds(result.wallMs)}`
      );
  }
}
