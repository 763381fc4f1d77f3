import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findClosedPort } from "./closed-port.ts";
import { defaultTimeoutMs, waitUntil } from "./wait-until.ts";

/** A redis-server of a test's own, on a loopback port, that the test may kill, pause and restart. */
export interface RedisServer {
  readonly url: string;
  /** Kills it (SIGKILL), as a crash would; resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is saved). */
  restart(): Promise<void>;
  /** Stops it answering without closing its connections (SIGSTOP), as a hung server would. */
  pause(): void;
  resume(): void;
}

/** This process's environment without the variables of a shifted clock. */
function withoutShiftedClock(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "LD_PRELOAD" && !name.startsWith("FAKETIME")),
  );
}

/** Whether a redis-server program can be run here: the reason it cannot, or undefined. */
export async function whyNoRedisServer(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn("redis-server", ["--version"], { stdio: "ignore" });
    child.on("error", (error) => resolve(`redis-server cannot be run (${error.message})`));
    child.on("exit", (code) => resolve(code === 0 ? undefined : `redis-server --version exited ${code}`));
  });
}

/**
 * Starts a redis-server on a free loopback port, saving nothing, and resolves once it accepts
 * connections. Killed and its directory removed by `stop`; call that in `onTestFinished`.
 */
export async function startRedisServer(): Promise<RedisServer & { stop(): Promise<void> }> {
  const port = await findClosedPort();
  const dir = mkdtempSync(join(tmpdir(), "imagine-redis-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      // Redis keeps the machine's time when the test run's clock is shifted (faketime), like the
      // machine's own Redis does; the shift would stall its start.
      { stdio: ["ignore", "pipe", "pipe"], env: withoutShiftedClock() },
    );
    child = started;
    let output = "";
    await waitUntil<void>(
      (done, fail) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Ready to accept connections")) done();
        };
        const exited = (code: number | null) => fail(new Error(`redis-server exited (${code}):\n${output}`));
        started.stdout?.on("data", read);
        started.on("exit", exited);
        return () => {
          started.stdout?.off("data", read);
          started.off("exit", exited);
        };
      },
      defaultTimeoutMs,
      () => `redis-server on port ${port} did not start:\n${output}`,
    );
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    async stop() {
      child?.kill("SIGCONT");
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
