import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/**
 * A fresh directory `imagine-<purpose>-XXXXXX` under the system's temp dir, removed once the
 * running test has finished, pass or fail. Vitest runs that after the `afterEach` hooks, so a
 * process the test started (and stopped there) no longer writes into it. Call it inside a test.
 */
export function makeTempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `imagine-${purpose}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}
