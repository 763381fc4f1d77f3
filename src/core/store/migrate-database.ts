import type { Database } from "better-sqlite3";
import { StartupError } from "../errors/startup-error.ts";

/**
 * The schema's steps, each taking the file from one `PRAGMA user_version` to the next. Version 0
 * is a fresh file or one written before job rows existed, which has the two counter tables.
 */
const steps: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS last_job (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS daily_images (
    day TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, key)
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    workspace_id TEXT,
    channel_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    prompt TEXT NOT NULL,
    model TEXT NOT NULL,
    size TEXT NOT NULL,
    quality TEXT,
    count INTEGER NOT NULL,
    output_format TEXT NOT NULL,
    parent_id TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    message_refs TEXT NOT NULL,
    image_refs TEXT NOT NULL,
    error_code TEXT,
    claim TEXT,
    cost_usd REAL,
    input_tokens INTEGER,
    output_tokens INTEGER
  );
  CREATE INDEX jobs_by_status ON jobs (status);
  CREATE INDEX jobs_by_person ON jobs (platform, user_id, created_at);
  `,
  // Version 2: an edit's input image (and mask), as JSON.
  `ALTER TABLE jobs ADD COLUMN edit_inputs TEXT;`,
  // Version 3: the ledger: images made and money spent (millionths of a US dollar), per person and
  // per guild or workspace, per UTC day and per UTC month, for budgets and the usage commands.
  `CREATE TABLE IF NOT EXISTS ledger (
    period TEXT NOT NULL, key TEXT NOT NULL, micro_usd INTEGER NOT NULL, images INTEGER NOT NULL,
    PRIMARY KEY (period, key)
  );`,
  // Version 4: settings admins made in chat, per guild or workspace (scope "discord:G1") or per
  // channel ("discord:G1:C1").
  `CREATE TABLE IF NOT EXISTS settings (
    scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    changed_by TEXT NOT NULL, changed_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  );`,
];

/** The schema version this code writes. */
export const schemaVersion = steps.length;

const versionOf = (db: Database) => db.pragma("user_version", { simple: true }) as number;

/**
 * Stops the start, before anything is written to the file, when a newer version of the bot wrote
 * it: this one would not know what its rows mean.
 *
 * @throws StartupError naming the file and both versions.
 */
export function refuseNewerSchema(db: Database, file: string): void {
  const version = versionOf(db);
  if (version <= schemaVersion) return;
  throw new StartupError(
    `The store file ${file} was written by a newer version of imagine-bot (schema ${version}, ` +
      `this one knows ${schemaVersion}): run that version, or put back a backup made with this one.`,
  );
}

/**
 * Brings the file's schema up to `schemaVersion` in one transaction, so a crash halfway leaves the
 * file as it was, and a second process starting at the same moment waits and then finds it done.
 */
export function migrateDatabase(db: Database): void {
  const migrate = db.transaction(() => {
    const version = versionOf(db);
    if (version >= schemaVersion) return;
    for (const step of steps.slice(version)) db.exec(step);
    db.pragma(`user_version = ${schemaVersion}`);
  });
  migrate.immediate();
}
