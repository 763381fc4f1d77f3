import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadRequest } from "./load-generator.ts";
import type { OpenLoopOptions, OpenLoopRun, PreparedRequest } from "./send-open-loop.ts";
import { startChild, type ChildSetup } from "./start-child.ts";

/** The load generator's process, ready to send. */
export interface LoadGenerator {
  /** Sends `requests` open-loop at `options.ratePerSecond`; resolves once each is answered or given up. */
  send(requests: readonly PreparedRequest[], options: OpenLoopOptions): Promise<OpenLoopRun>;
  stop(): Promise<void>;
}

/** Starts the load generator in a process of its own (see load-generator.ts). */
export async function startLoadGenerator(
  setup: ChildSetup & { readonly name: string },
): Promise<LoadGenerator> {
  const child = await startChild("load-generator.ts", {}, setup);
  // The requests go through a file: tens of thousands of signed bodies are heavy for one IPC message.
  const dir = mkdtempSync(join(tmpdir(), "imagine-bench-load-"));
  let batch = 0;
  return {
    async send(requests, options) {
      const file = join(dir, `requests-${batch++}.json`);
      writeFileSync(file, JSON.stringify(requests));
      const message: LoadRequest = { type: "send", file, ...options };
      try {
        return await child.ask<OpenLoopRun>(message, "sent");
      } finally {
        rmSync(file, { force: true });
      }
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
