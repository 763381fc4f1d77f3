// Run as a child process with --expose-gc: asks a CometAPI (the test's fake) for one image with
// the given overall deadline, forcing garbage collections while it waits, and prints how the
// generation ended as one JSON line. Usage: generate-with-gc.ts <baseUrl> <timeoutMs>
import pino from "pino";
import { Agent } from "undici";
import { createGuardedDispatcher } from "../../src/core/provider/fetch-image-url.ts";
import { createCometApiProvider } from "../../src/core/provider/cometapi.ts";
import { requireGc, settleUnderGc } from "./settle-under-gc.ts";

const [baseUrl = "", timeoutMs = "200"] = process.argv.slice(2);
requireGc();

const dispatcher = new Agent();
const imageDispatcher = createGuardedDispatcher(true);
const provider = createCometApiProvider({
  apiKey: "gc-test-key",
  baseUrl,
  timeoutMs: Number(timeoutMs),
  // Far beyond the deadline, so only the deadline can end a stalled answer.
  idleTimeoutMs: 600_000,
  maxRetries: 0,
  partialImages: 0,
  imageFetch: { maxBytes: 1024 * 1024, timeoutMs: 600_000, allowLoopback: true },
  dispatcher,
  imageDispatcher,
});
const job = new AbortController();
const generation = provider.generate(
  { prompt: "a lighthouse", model: "gpt-image-1", size: "1024x1024", count: 1, outputFormat: "png" },
  { signal: job.signal, log: pino({ level: "silent" }) },
);
const outcome = await settleUnderGc(generation, { job, timeoutMs: Number(timeoutMs), success: "generated" });
await Promise.all([dispatcher.destroy(), imageDispatcher.destroy()]);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
