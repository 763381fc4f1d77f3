import type { Redis } from "ioredis";
import { addImagesScript } from "./scripts/add-images-script.ts";
import { adoptJobScript } from "./scripts/adopt-job-script.ts";
import { changeSettingScript } from "./scripts/change-setting-script.ts";
import { claimUntoldJobScript } from "./scripts/claim-untold-job-script.ts";
import { createJobScript } from "./scripts/create-job-script.ts";
import { interruptJobScript } from "./scripts/interrupt-job-script.ts";
import { leaseScript } from "./scripts/lease-script.ts";
import { pruneJobsScript } from "./scripts/prune-jobs-script.ts";
import { queueJobScript } from "./scripts/queue-job-script.ts";
import { readJobsScript } from "./scripts/read-jobs-script.ts";
import type { RedisScript } from "./scripts/redis-script.ts";
import { refundScript } from "./scripts/refund-script.ts";
import { releaseScript } from "./scripts/release-script.ts";
import { settleScript } from "./scripts/settle-script.ts";
import { startQueuedJobScript } from "./scripts/start-queued-job-script.ts";
import { takeScript } from "./scripts/take-script.ts";
import { topOfLedgerScript } from "./scripts/top-of-ledger-script.ts";
import { updateJobScript } from "./scripts/update-job-script.ts";
import { withdrawQueuedJobScript } from "./scripts/withdraw-queued-job-script.ts";

/** Runs one script with these arguments after the prefix; resolves with its raw answer. */
export type RunScript = (...args: string[]) => Promise<unknown>;

const scripts = {
  take: takeScript,
  release: releaseScript,
  refund: refundScript,
  settle: settleScript,
  createJob: createJobScript,
  updateJob: updateJobScript,
  interruptJob: interruptJobScript,
  adoptJob: adoptJobScript,
  claimUntoldJob: claimUntoldJobScript,
  pruneJobs: pruneJobsScript,
  readJobs: readJobsScript,
  addImages: addImagesScript,
  topOfLedger: topOfLedgerScript,
  changeSetting: changeSettingScript,
  lease: leaseScript,
  queueJob: queueJobScript,
  startQueuedJob: startQueuedJobScript,
  withdrawQueuedJob: withdrawQueuedJobScript,
} satisfies Record<string, RedisScript>;

export type RedisScripts = { readonly [name in keyof typeof scripts]: RunScript };

/**
 * Defines the store's scripts on the client (ioredis sends each by EVALSHA, and its source once
 * when Redis does not know it yet, after a restart of Redis too) and binds them to the prefix.
 */
export function defineRedisScripts(client: Redis, prefix: string): RedisScripts {
  const bound = {} as Record<keyof typeof scripts, RunScript>;
  for (const [name, script] of Object.entries(scripts) as [keyof typeof scripts, RedisScript][]) {
    client.defineCommand(script.name, { numberOfKeys: 0, lua: script.lua });
    const command = (client as unknown as Record<string, (...args: string[]) => Promise<unknown>>)[
      script.name
    ];
    if (!command) throw new Error(`the script ${script.name} was not defined`);
    bound[name] = (...args) => command.call(client, prefix, ...args);
  }
  return bound;
}
