// `npm run bench` (about 3 minutes) or `npm run bench -- --quick` (under 30 s): the bot under
// load against the loopback fakes, with Discord's and Slack's rate limits enforced.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { runDiscord } from "./discord-run.ts";
import type { RunResult } from "./result.ts";
import { runSlack } from "./slack-run.ts";
import { formatTable } from "./table.ts";
import { checkTargets } from "./targets.ts";
import { streamingUpstream } from "./upstream.ts";

const quick = process.argv.includes("--quick");
const upstreamFlag = process.argv.indexOf("--upstream-ms");
const upstreamMs = upstreamFlag === -1 ? (quick ? 500 : 2000) : Number(process.argv[upstreamFlag + 1]);
const sizes = quick ? [1, 20] : [1, 50, 200];
const pairs = quick ? 1 : 2;
const hangAfterMs = upstreamMs + (quick ? 10_000 : 30_000);
const upstream = streamingUpstream(upstreamMs, 1536, 1024);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`imagine-bot bench${quick ? " (quick)" : ""} on ${machine}`);
console.log(
  `upstream: 3 partial images + 1 final (1536x1024 PNG, ${upstream.imageBytes} bytes) over ${upstreamMs} ms\n`,
);

const results: RunResult[] = [];
const record = (result: RunResult) => {
  results.push(result);
  console.log(
    `  ${result.bot} ${result.platform} N=${result.n}: ${result.completed}/${result.n} done in ${result.wallMs} ms`,
  );
};

for (const n of sizes) {
  // A B A B: the machine's drift falls on both bots alike.
  for (let pair = 0; pair < pairs; pair++) {
    record(await runDiscord("imagine-bot", n, upstream, hangAfterMs));
    record(await runDiscord("minimal discord.js", n, upstream, hangAfterMs));
  }
  record(await runSlack(n, upstream, hangAfterMs));
}
const throughputN = sizes.at(-1)!;
const zero = await runDiscord("imagine-bot", throughputN, streamingUpstream(0, 1536, 1024), hangAfterMs);
record(zero);
const jobsPerSecond = zero.completed / (zero.wallMs / 1000);

console.log(`\n${formatTable(results)}\n`);
console.log(
  `Throughput with a zero-latency upstream: ${jobsPerSecond.toFixed(1)} jobs/s (${zero.completed} jobs).\n`,
);
const targets = checkTargets(results, throughputN, sizes.length > 2 ? sizes[1]! : throughputN);
for (const check of targets)
  console.log(`${check.met ? "met   " : "MISSED"} ${check.target}: ${check.measured}`);

const out = join(import.meta.dirname, "results");
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, "latest.json"),
  JSON.stringify(
    { at: new Date().toISOString(), machine, quick, upstreamMs, results, jobsPerSecond, targets },
    null,
    2,
  ),
);
console.log(`\nFigures written to bench/results/latest.json`);
