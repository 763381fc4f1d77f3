import { readFileSync, watch, type FSWatcher } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "pino";

/** Editors save a file in a few steps (write, rename); they are read as one change after this. */
const settleMs = 200;

export interface PolicyFileWatch {
  stop(): void;
}

/** The file's text, or undefined while it cannot be read (in the middle of a swap). */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Calls `changed` once a burst of changes to the file at `path` has settled and its text differs.
 * The directory is watched, and any change in it looks at the file again: an editor that saves by
 * renaming a new file over the old one, and a Kubernetes ConfigMap that swaps a symlink, change
 * the file without an event that names it.
 */
export function watchPolicyFile(path: string, changed: () => void, log: Logger): PolicyFileWatch {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let seen = readText(path);
  const look = () => {
    const text = readText(path);
    if (text === undefined || text === seen) return;
    seen = text;
    changed();
  };
  try {
    watcher = watch(dirname(path), () => {
      clearTimeout(timer);
      timer = setTimeout(look, settleMs);
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
