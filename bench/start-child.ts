import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemoryReport, ProbeRequest } from "./start-memory-probe.ts";

const readyTimeoutMs = 30_000;
const stopTimeoutMs = 5_000;
const live = new Set<ChildProcess>();

/** Where a child's output goes, and whether it is profiled. */
export interface ChildSetup {
  /** Where the compiled child entries are (see buildChildren). */
  readonly childDir: string;
  /** Each child's log lines go to a file of its own here. */
  readonly logDir: string;
  /** When set, each child writes V8 CPU profiles (`--cpu-prof`) to `{cpuProfDir}/{name}/`. */
  readonly cpuProfDir?: string;
}

export interface BenchChild {
  /** The port its HTTP server listens on, when it said so in its "ready" message. */
  readonly port?: number;
  /** Sends `message` and resolves with the first message of type `answerType` that comes back. */
  ask<T>(message: { readonly type: string }, answerType: string): Promise<T>;
  /** Peak RSS and heap since the last reset. */
  memory(): Promise<{ peakRssBytes: number; peakHeapBytes: number }>;
  resetMemory(): void;
  /** SIGTERM (the bot stops gracefully), SIGKILL if it takes longer than 5 s. */
  stop(): Promise<void>;
}

/**
 * Forks a bench entry (the bot, a minimal yardstick, the load generator) with only this
 * environment, its output going to `{logDir}/{name}.log`, and waits for its "ready" message
 * (which may name the port its HTTP server listens on).
 */
export async function startChild(
  entry: string,
  env: Record<string, string>,
  setup: ChildSetup & { readonly name: string },
): Promise<BenchChild> {
  const cwd = mkdtempSync(join(tmpdir(), "imagine-bench-"));
  const logFile = join(setup.logDir, `${setup.name}.log`);
  mkdirSync(setup.logDir, { recursive: true });
  const log = openSync(logFile, "w");
  const profile = setup.cpuProfDir
    ? ["--cpu-prof", `--cpu-prof-dir=${join(setup.cpuProfDir, setup.name)}`]
    : [];
  // The child runs in an empty directory (no .env, its own data dir), compiled: plain Node.
  const child = fork(join(setup.childDir, entry.replace(/\.ts$/, ".js")), [], {
    cwd,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: join(cwd, "data"), ...env },
    execArgv: profile,
    stdio: ["ignore", log, log, "ipc"],
  });
  closeSync(log);
  live.add(child);
  child.once("exit", () => {
    live.delete(child);
    rmSync(cwd, { recursive: true, force: true });
  });
  const send = (message: ProbeRequest) => child.connected && child.send(message);
  const ask = <T>(message: { readonly type: string }, answerType: string) => {
    const answer = new Promise<T>((resolve, reject) => {
      const listen = (reply: { type?: string }) => {
        if (reply.type !== answerType) return;
        child.off("message", listen);
        child.off("exit", exited);
        resolve(reply as T);
      };
      const exited = (code: number | null) => {
        child.off("message", listen);
        reject(new Error(`${entry} exited with ${code} before answering; see ${logFile}`));
      };
      child.on("message", listen);
      child.once("exit", exited);
    });
    if (child.connected) child.send(message);
    return answer;
  };

  let port: number | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${entry} was not ready within ${readyTimeoutMs} ms; see ${logFile}`)),
        readyTimeoutMs,
      );
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${entry} exited with ${code} before it was ready; see ${logFile}`));
      });
      child.on("message", (message: { type?: string; port?: unknown }) => {
        if (message.type !== "ready") return;
        clearTimeout(timer);
        if (typeof message.port === "number") port = message.port;
        resolve();
      });
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }

  return {
    ...(port !== undefined && { port }),
    ask,
    memory: () => ask<MemoryReport>({ type: "memory" }, "memory"),
    resetMemory: () => void send({ type: "reset" }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running: for a bench that stops early. */
export function killChildren(): void {
  for (const child of live) child.kill("SIGKILL");
}
