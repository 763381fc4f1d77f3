// `npm run bench` (about 6 minutes) or `npm run bench -- --quick` (about a minute): imagine-bot
// under load through the real discord.js and @slack/bolt, against loopback fakes that enforce
// Discord's and Slack's rate limits. bench/README.md says what each figure means.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildChildren } from "./build-children.ts";
import { checkInstanceTargets, checkInteractionTargets, checkTargets } from "./check-targets.ts";
import { compareEdits, formatEditComparison } from "./compare-edits.ts";
import { describeMachine, formatMachine } from "./describe-machine.ts";
import { describeProgress } from "./describe-progress.ts";
import { parseBenchArgs, usage, type BenchOptions } from "./parse-args.ts";
import { planRuns } from "./plan-runs.ts";
import type { InstancesResult, InteractionsResult, RunResult } from "./result.ts";
import { formatInstances, formatInteractions } from "./scale-out-tables.ts";
import { killChildren } from "./start-child.ts";
import { formatTable } from "./table.ts";

let options: BenchOptions;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message === usage ? usage : `${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}

const out = join(import.meta.dirname, "results");
const logDir = join(out, "logs");
mkdirSync(logDir, { recursive: true });
process.on("exit", killChildren);
// The bench stops by itself even if a child or a fake never answers.
setTimeout(() => {
  console.error(`\nThe bench took longer than ${options.deadlineMs / 1000} s; stopping.`);
  process.exit(1);
}, options.deadlineMs).unref();

const machine = describeMachine();
const benchStart = Date.now();
console.log(`imagine-bot bench${options.quick ? " (quick)" : ""} on ${formatMachine(machine)}`);
console.log(
  `upstream: 3 partial images + the final one over ${options.upstreamMs} ms; N = ${options.sizes.join(", ")}; ` +
    `a job is hung after ${options.hangAfterMs / 1000} s ` +
    `(Slack: plus a minute for each 100 uploads past the first 100, its per-workspace limit)\n`,
);

const childDir = await buildChildren(join(out, "build"));
const results: RunResult[] = [];
const interactions: InteractionsResult[] = [];
const instances: InstancesResult[] = [];
const setup = { childDir, logDir, ...(options.cpuProf && { cpuProfDir: join(out, "profiles") }) };
for (const planned of planRuns(options, setup)) {
  const result = await planned.run();
  if (result.scenario === "http-interactions") interactions.push(result);
  else if (result.scenario === "instances") instances.push(result);
  else results.push(result);
  console.log(describeProgress(result));
}

const sizes = options.sizes;
const targets = [
  ...checkTargets(results, sizes.length > 2 ? sizes[1]! : sizes.at(-1)!, sizes.at(-1)!),
  ...interactions.flatMap(checkInteractionTargets),
  ...checkInstanceTargets(instances, machine.cpuCount),
];
const elapsedS = (Date.now() - benchStart) / 1000;
console.log(`\nimagine-bot bench${options.quick ? " (quick)" : ""} on ${formatMachine(machine)}\n`);
if (results.length > 0) console.log(`${formatTable(results)}\n`);
const edits = compareEdits(results);
if (edits.length > 0) console.log(`${edits.map(formatEditComparison).join("\n")}\n`);
for (const result of interactions) console.log(`${formatInteractions(result)}\n`);
if (instances.length > 0) console.log(`${formatInstances(instances, machine.cpuCount)}\n`);
for (const t of targets) {
  console.log(
    `${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured}${t.met ? "" : ` — missed by ${t.missedBy}`}`,
  );
}
const file = join(out, "latest.json");
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), machine, options, elapsedS, results, interactions, instances, targets, edits }, null, 2)}\n`,
);
console.log(
  `\n${elapsedS.toFixed(0)} s. Figures in ${relative(process.cwd(), file)}; the bot's logs in ${relative(process.cwd(), logDir)}/`,
);
