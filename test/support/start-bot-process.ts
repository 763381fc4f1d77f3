import { join } from "node:path";
import { botProcessEnv, type BotProcessTargets } from "./bot-process-env.ts";
import { makeTempDir } from "./make-temp-dir.ts";
import { startEntry, type StartedEntry } from "./run-entry.ts";

/** A bot process a test started, still running. */
export interface BotProcess extends StartedEntry {
  /** Its DATA_DIR: `data` in its working directory unless the test gave one. */
  readonly dataDir: string;
}

/**
 * Starts `src/app/main.ts` as `npm start` would, configured by the environment alone (see
 * `botProcessEnv`), in a temp directory `imagine-<purpose>-…` removed after the test. Its
 * DATA_DIR is `data` in that directory, or `targets.dataDir` when given: a second process on a
 * first one's data, as after a restart.
 */
export function startBotProcess(
  targets: Omit<BotProcessTargets, "dataDir"> & { readonly dataDir?: string },
  env: Record<string, string> = {},
  purpose = "bot",
): BotProcess {
  const dir = makeTempDir(purpose);
  const dataDir = targets.dataDir ?? join(dir, "data");
  return { ...startEntry("src/app/main.ts", botProcessEnv({ ...targets, dataDir }, env), dir), dataDir };
}
