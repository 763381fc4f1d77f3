import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..", "..");
// tsx by path: the child runs in an empty directory (no .env, no node_modules).
const tsxLoader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** How `runEntry` runs the process. */
export interface RunEntryOptions {
  /** Runs it as this user (needs root): root may write anywhere, another user may not. */
  readonly user?: { readonly uid: number; readonly gid: number };
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
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...options.user,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
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
  /** Resolves with the first line (already written or still to come) that matches; rejects if it exits first. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  /** Resolves with its exit code. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts one of the project's entry points like `runEntry`, in `cwd`, and hands it back running,
 * so a test can act on it (signal it, break its disk) while reading its log as it comes.
 */
export function startEntry(entry: string, env: Record<string, string>, cwd: string): StartedEntry {
  const child = spawn(process.execPath, ["--import", tsxLoader, join(root, entry)], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
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
  const waitForLine = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found !== undefined) resolve(found);
        else if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error(`${entry} exited before the awaited line:\n${lines.join("\n")}`));
        } else return;
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, lines, waitForLine, exited };
}
