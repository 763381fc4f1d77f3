import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(import.meta.dirname, "..");

/**
 * Compiles the bench's child entries (the bot and the minimal discord.js bot) and what they import
 * to JavaScript under `outDir`, as the Docker image compiles the bot: the children then run on plain
 * Node, without the TypeScript loader (which costs ~30 MB and a thread of its own) in what is measured.
 * Returns the directory that mirrors `bench/`.
 */
export async function buildChildren(outDir: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  await promisify(execFile)(process.execPath, [
    tsc,
    "-p",
    join(root, "bench", "tsconfig.children.json"),
    "--outDir",
    outDir,
  ]);
  return join(outDir, "bench");
}
