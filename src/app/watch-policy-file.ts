import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import type { Logger } from "pino";

/** Editors save a file in a few steps (write, rename); they are read as one change after this. */
const settleMs = 200;

export interface PolicyFileWatch {
  stop(): void;
}

/**
 * Calls `changed` once a burst of changes to `path` has settled. The directory is watched, not
 * the file: an editor that saves by writing a new file and renaming it over the old one would
 * leave a watch on the old file's inode seeing nothing more.
 */
export function watchPolicyFile(path: string, changed: () => void, log: Logger): PolicyFileWatch {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(timer);
      timer = setTimeout(changed, settleMs);
      timer.unref();
    });
    watcher.on("error", (error) =>
      log.warn({ err: error }, "watching the policy file failed; send SIGHUP to re-read it"),
    );
    watcher.unref();
  } catch (error) {
    log.warn({ err: error }, "cannot watch the policy file; send SIGHUP to re-read it");
  }
  return {
    stop() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
