import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// The child runs in an empty directory (no .env, its own data dir): point at tsx by path.
const tsxLoader = pathToFileURL(
  join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "loader.mjs"),
).href;

export interface BenchChild {
  readonly process: ChildProcess;
  memory(): Promise<{ peakRssBytes: number; peakHeapBytes: number }>;
  resetMemory(): void;
  stop(): Promise<void>;
}

/** Forks a bench entry (the bot or the minimal bot) with this environment and waits for "ready". */
export async function startChild(entry: string, env: Record<string, string>): Promise<BenchChild> {
  const cwd = mkdtempSync(join(tmpdir(), "imagine-bench-"));
  const child = fork(join(import.meta.dirname, entry), [], {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data"), LOG_LEVEL: "warn", ...env },
    execArgv: ["--import", tsxLoader],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
    child.on("message", (message: { type?: string }) => {
      if (message.type === "ready") resolve();
    });
  });
  return {
    process: child,
    async memory() {
      child.send({ type: "memory" });
      for (;;) {
        const [message] = (await once(child, "message")) as [
          { type?: string; peakRssBytes: number; peakHeapBytes: number },
        ];
        if (message.type === "memory") return message;
      }
    },
    resetMemory: () => void child.send({ type: "reset" }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
