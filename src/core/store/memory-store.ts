import type { JobRecord } from "../jobs/job-record.ts";
import { createEmbeddedStore } from "./create-embedded-store.ts";
import type { Store } from "./store.ts";
import type { CounterAccess, JobTable, SettingsTable } from "./store-tables.ts";
import type { StoredSetting } from "../settings/settings-store.ts";

function createMemoryCounters(): CounterAccess {
  const lastJob = new Map<string, number>();
  const images = new Map<string, number>();
  const ledger = new Map<string, { key: string; period: string; microUsd: number; images: number }>();
  return {
    ledgerOf: (key, period) => {
      const line = ledger.get(`${period}|${key}`);
      return { microUsd: line?.microUsd ?? 0, images: line?.images ?? 0 };
    },
    addToLedger: (key, period, change) => {
      const slot = `${period}|${key}`;
      const line = ledger.get(slot) ?? { key, period, microUsd: 0, images: 0 };
      ledger.set(slot, {
        ...line,
        microUsd: Math.max(0, line.microUsd + Math.round(change.microUsd ?? 0)),
        images: Math.max(0, line.images + (change.images ?? 0)),
      });
    },
    topOfLedger: (period, prefix, limit) =>
      [...ledger.values()]
        .filter((line) => line.period === period && line.key.startsWith(prefix) && line.microUsd > 0)
        .sort((a, b) => b.microUsd - a.microUsd)
        .slice(0, limit)
        .map(({ key, microUsd, images }) => ({ key, microUsd, images })),
    lastJobAt: (key) => lastJob.get(key),
    setLastJobAt: (key, at) => void lastJob.set(key, at),
    imagesOn: (key, day) => images.get(`${day}|${key}`) ?? 0,
    addImages: (key, day, count) => {
      const slot = `${day}|${key}`;
      images.set(slot, Math.max(0, (images.get(slot) ?? 0) + count));
    },
  };
}

/** Rows in insertion order, copied in and out as a database would, so no caller shares one. */
function createMemoryJobs(): JobTable {
  const rows = new Map<string, JobRecord>();
  const copy = (job: JobRecord): JobRecord => structuredClone(job);
  return {
    insert(job) {
      if (rows.has(job.id)) throw new Error(`a job with id ${job.id} exists already`);
      rows.set(job.id, copy(job));
    },
    replace(job) {
      if (rows.has(job.id)) rows.set(job.id, copy(job));
    },
    find(id) {
      const job = rows.get(id);
      return job && copy(job);
    },
    unfinished() {
      return [...rows.values()]
        .filter((job) => job.status === "queued" || job.status === "running")
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(copy);
    },
    untold() {
      return [...rows.values()]
        .filter((job) => job.status === "interrupted" && job.errorCode === "restarted")
        .sort((a, b) => a.createdAt - b.createdAt)
        .map(copy);
    },
    recent(platform, userId, limit) {
      return [...rows.values()]
        .reverse()
        .filter((job) => job.platform === platform && job.userId === userId)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit)
        .map(copy);
    },
    prune(before) {
      let pruned = 0;
      for (const [id, job] of rows) {
        if (job.createdAt < before && rows.delete(id)) pruned += 1;
      }
      return pruned;
    },
  };
}

function createMemorySettings(): SettingsTable {
  const rows = new Map<string, StoredSetting>();
  return {
    inScopes: (scopes) =>
      [...rows.values()].filter((row) => scopes.includes(row.scope)).map((row) => ({ ...row })),
    change({ scope, key, value, changedBy, changedAt }) {
      const slot = `${scope}|${key}`;
      const previous = rows.get(slot)?.value;
      if (value === undefined) rows.delete(slot);
      else rows.set(slot, { scope, key, value, changedBy, changedAt });
      return previous;
    },
  };
}

/**
 * A Store that lives as long as the process and writes nothing to disk: for tests. Each call runs
 * to its end without awaiting anything, which makes it one step in this process; a call that
 * throws (a job id taken already) does so before it changes anything. `now` is the clock of
 * `claimOnce`'s memory (default `Date.now`).
 */
export function createMemoryStore(options: { readonly now?: () => number } = {}): Store {
  return createEmbeddedStore(
    {
      counters: createMemoryCounters(),
      jobs: createMemoryJobs(),
      settings: createMemorySettings(),
      write: async (work) => work(),
      read: (work) => work(),
      close: () => undefined,
    },
    options.now,
  );
}
