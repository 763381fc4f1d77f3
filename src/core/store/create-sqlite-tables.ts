import type { Database } from "better-sqlite3";
import type { Platform } from "../policy/actor.ts";
import { fromJobRow, toJobRow, type JobRow } from "./job-row.ts";
import type { CounterAccess, JobTable, SettingsTable } from "./store-tables.ts";
import type { StoredSetting } from "../settings/settings-store.ts";

const jobColumns =
  "id, platform, workspace_id, channel_id, user_id, prompt, model, size, quality, count, output_format, " +
  "parent_id, status, created_at, updated_at, message_refs, image_refs, error_code, claim, cost_usd, " +
  "input_tokens, output_tokens, edit_inputs";
const jobValues = jobColumns
  .split(", ")
  .map((column) => `@${column}`)
  .join(", ");
const jobAssignments = jobColumns
  .split(", ")
  .filter((column) => column !== "id")
  .map((column) => `${column} = @${column}`)
  .join(", ");

/** The counters over prepared statements; each runs inside the transaction of its Store call. */
function createSqliteCounters(db: Database): CounterAccess {
  const selectLastJob = db.prepare<[string], number>("SELECT at FROM last_job WHERE key = ?").pluck();
  const upsertLastJob = db.prepare<[string, number]>(
    "INSERT INTO last_job (key, at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET at = excluded.at",
  );
  const selectImages = db
    .prepare<[string, string], number>("SELECT count FROM daily_images WHERE day = ? AND key = ?")
    .pluck();
  const addImages = db.prepare<[{ day: string; key: string; delta: number }]>(
    "INSERT INTO daily_images (day, key, count) VALUES (@day, @key, max(0, @delta)) " +
      "ON CONFLICT(day, key) DO UPDATE SET count = max(0, count + @delta)",
  );
  const selectLedger = db.prepare<[string, string], { microUsd: number; images: number }>(
    "SELECT micro_usd AS microUsd, images FROM ledger WHERE period = ? AND key = ?",
  );
  const addToLedger = db.prepare<[{ period: string; key: string; usd: number; images: number }]>(
    "INSERT INTO ledger (period, key, micro_usd, images) VALUES (@period, @key, max(0, @usd), max(0, @images)) " +
      "ON CONFLICT(period, key) DO UPDATE SET micro_usd = max(0, micro_usd + @usd), images = max(0, images + @images)",
  );
  // Keys are matched by prefix with a range, which the primary key's index serves.
  const topOfLedger = db.prepare<
    [{ period: string; from: string; to: string; limit: number }],
    { key: string; microUsd: number; images: number }
  >(
    "SELECT key, micro_usd AS microUsd, images FROM ledger WHERE period = @period AND key >= @from " +
      "AND key < @to AND micro_usd > 0 ORDER BY micro_usd DESC, key LIMIT @limit",
  );
  return {
    ledgerOf: (key, period) => selectLedger.get(period, key) ?? { microUsd: 0, images: 0 },
    addToLedger: (key, period, change) =>
      void addToLedger.run({
        period,
        key,
        usd: Math.round(change.microUsd ?? 0),
        images: change.images ?? 0,
      }),
    topOfLedger: (period, prefix, limit) =>
      topOfLedger.all({ period, from: prefix, to: `${prefix}\uffff`, limit }),
    lastJobAt: (key) => selectLastJob.get(key),
    setLastJobAt: (key, at) => void upsertLastJob.run(key, at),
    imagesOn: (key, day) => selectImages.get(day, key) ?? 0,
    addImages: (key, day, delta) => void addImages.run({ day, key, delta }),
  };
}

/** The job rows over prepared statements; ties in time keep the order the rows were written in. */
function createSqliteJobs(db: Database): JobTable {
  const insert = db.prepare<[JobRow]>(`INSERT INTO jobs (${jobColumns}) VALUES (${jobValues})`);
  const replace = db.prepare<[JobRow]>(`UPDATE jobs SET ${jobAssignments} WHERE id = @id`);
  const find = db.prepare<[string], JobRow>(`SELECT ${jobColumns} FROM jobs WHERE id = ?`);
  const unfinished = db.prepare<[], JobRow>(
    `SELECT ${jobColumns} FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, rowid`,
  );
  const untold = db.prepare<[], JobRow>(
    `SELECT ${jobColumns} FROM jobs WHERE status = 'interrupted' AND error_code = 'restarted' ` +
      "ORDER BY created_at, rowid",
  );
  const recent = db.prepare<[Platform, string, number], JobRow>(
    `SELECT ${jobColumns} FROM jobs WHERE platform = ? AND user_id = ? ` +
      "ORDER BY created_at DESC, rowid DESC LIMIT ?",
  );
  const prune = db.prepare<[number]>("DELETE FROM jobs WHERE created_at < ?");
  return {
    insert: (job) => void insert.run(toJobRow(job)),
    replace: (job) => void replace.run(toJobRow(job)),
    find: (id) => {
      const row = find.get(id);
      return row && fromJobRow(row);
    },
    unfinished: () => unfinished.all().map(fromJobRow),
    untold: () => untold.all().map(fromJobRow),
    recent: (platform, userId, limit) => recent.all(platform, userId, limit).map(fromJobRow),
    prune: (before) => prune.run(before).changes,
  };
}

/** The settings made in chat over prepared statements. */
function createSqliteSettings(db: Database): SettingsTable {
  const select = db.prepare<[string], StoredSetting>(
    "SELECT scope, key, value, changed_by AS changedBy, changed_at AS changedAt FROM settings " +
      "WHERE scope IN (SELECT value FROM json_each(?)) ORDER BY scope, key",
  );
  const selectValue = db
    .prepare<[string, string], string>("SELECT value FROM settings WHERE scope = ? AND key = ?")
    .pluck();
  const upsert = db.prepare<[{ scope: string; key: string; value: string; by: string; at: number }]>(
    "INSERT INTO settings (scope, key, value, changed_by, changed_at) VALUES (@scope, @key, @value, @by, @at) " +
      "ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, " +
      "changed_at = excluded.changed_at",
  );
  const remove = db.prepare<[string, string]>("DELETE FROM settings WHERE scope = ? AND key = ?");
  return {
    inScopes: (scopes) => select.all(JSON.stringify(scopes)),
    change({ scope, key, value, changedBy, changedAt }) {
      const previous = selectValue.get(scope, key);
      if (value === undefined) remove.run(scope, key);
      else upsert.run({ scope, key, value, by: changedBy, at: changedAt });
      return previous;
    },
  };
}

/** The store's tables in an open, migrated database. */
export function createSqliteTables(db: Database): {
  counters: CounterAccess;
  jobs: JobTable;
  settings: SettingsTable;
} {
  return {
    counters: createSqliteCounters(db),
    jobs: createSqliteJobs(db),
    settings: createSqliteSettings(db),
  };
}
