import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { waitUntil, type WaitOptions } from "./wait-until.ts";

const root = join(import.meta.dirname, "..", "..");
// tsx by path: the child runs in an empty directory (no .env, no node_modules).
const tsxLoader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;

/**
 * How long `waitForLine` waits by default: a process compiles its TypeScript as it starts, which
 * takes seconds on a loaded machine; still less than a test's 20 s, so the message says what was awaited.
 */
const lineTimeoutMs = 15_000;

/** How `runEntry` runs the process. */
export interface RunEntryOptions {
  /** Runs it as this user (needs root): root may write anywhere, another user may not. */
  readonly user?: { readonly uid: number; readonly gid: number };
}

/**
 * The variables that shift the clock of a test run (`faketime '+400 days' npx vitest run`), so the
 * processes a test starts keep the test's time: a signed request's timestamp, a lease or a daily
 * count compares one process's clock with another's.
 */
function shiftedClock(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && (entry[0] === "LD_PRELOAD" || entry[0].startsWith("FAKETIME")),
    ),
  );
}

/**
 * Runs one of the project's entry points (path from the repository root) the way its npm script
 * does, with only the given environment, in an empty directory removed afterwards, and resolves
 * with its exit code and output.
 */
export function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
  options: RunEntryOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "imagine-entry-"));
  // The other user must be able to enter it.
  if (options.user) chmodSync(cwd, 0o755);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, join(root, entry), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...shiftedClock(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...options.user,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      rmSync(cwd, { recursive: true, force: true });
      reject(error);
    });
    child.on("close", (code) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** An entry point started by `startEntry`, still running. */
export interface StartedEntry {
  readonly child: ChildProcess;
  /** Every line it wrote so far, stdout and stderr alike. */
  readonly lines: string[];
  /**
   * Resolves with the first line (already written or still to come) that matches; rejects if it
   * exits first or after the timeout (15 s by default), naming the awaited line and what it wrote.
   */
  waitForLine(match: (line: string) => boolean, opts?: WaitOptions): Promise<string>;
  /** Resolves with its exit code. */
  readonly exited: Promise<number | null>;
  /** Kills it (SIGKILL) unless it has exited already; resolves once it is gone. For `afterEach`. */
  stop(): Promise<void>;
}

/**
 * Starts one of the project's entry points like `runEntry`, in `cwd`, and hands it back running,
 * so a test can act on it (signal it, break its disk) while reading its log as it comes.
 */
export function startEntry(entry: string, env: Record<string, string>, cwd: string): StartedEntry {
  const child = spawn(process.execPath, ["--import", tsxLoader, join(root, entry)], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...shiftedClock(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  // A chunk may end mid-line: each stream keeps its unfinished line until the rest arrives.
  const collect = (stream: NodeJS.ReadableStream) => {
    let unfinished = "";
    stream.on("data", (chunk: Buffer) => {
      const parts = (unfinished + chunk.toString()).split("\n");
      unfinished = parts.pop() ?? "";
      lines.push(...parts.filter(Boolean));
      listeners.forEach((listener) => listener());
    });
    stream.on("end", () => {
      if (unfinished) lines.push(unfinished);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      listeners.forEach((listener) => listener());
      resolve(code);
    });
  });
  const waitForLine = (match: (line: string) => boolean, opts: WaitOptions = {}) => {
    const timeoutMs = opts.timeoutMs ?? lineTimeoutMs;
    const awaited = () => `the line ${String(match)}; it wrote:\n${lines.join("\n")}`;
    return waitUntil<string>(
      (done, fail) => {
        const check = () => {
          const found = lines.find(match);
          if (found !== undefined) done(found);
          else if (child.exitCode !== null || child.signalCode !== null) {
            fail(new Error(`${entry} exited before writing ${awaited()}`));
          }
        };
        listeners.add(check);
        check();
        return () => listeners.delete(check);
      },
      timeoutMs,
      () => `${entry}: still waiting after ${timeoutMs} ms for ${awaited()}`,
    );
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited.catch(() => undefined);
  };
  return { child, lines, waitForLine, exited, stop };
}
