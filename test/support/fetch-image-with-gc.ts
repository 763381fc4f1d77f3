// Run as a child process with --expose-gc: downloads one image URL with fetchImageUrl, forcing
// garbage collections while it waits, and prints how the download ended as one JSON line.
// Usage: fetch-image-with-gc.ts <url> <timeoutMs>
import { ImagineError } from "../../src/core/errors/errors.ts";
import { createGuardedDispatcher, fetchImageUrl } from "../../src/core/provider/fetch-image-url.ts";

const [url = "", timeoutMs = "200"] = process.argv.slice(2);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) {
  process.stderr.write("run with --expose-gc\n");
  process.exit(2);
}

const dispatcher = createGuardedDispatcher(true);
const job = new AbortController();
const download = fetchImageUrl(
  url,
  { maxBytes: 1024 * 1024, timeoutMs: Number(timeoutMs), allowLoopback: true },
  dispatcher,
  job.signal,
);
// Collect at once (the deadline exists by now) and then while the download waits.
collect();
const collecting = setInterval(collect, 20);
// Without a working deadline the stalled download would wait forever: report that instead.
const guard = setTimeout(() => job.abort(new Error("no deadline fired")), 50 * Number(timeoutMs));

const outcome = await download.then(
  () => ({ ended: "downloaded" }),
  (error: unknown) =>
    error instanceof ImagineError ? { ended: error.code } : { ended: "other", message: String(error) },
);
clearInterval(collecting);
clearTimeout(guard);
await dispatcher.destroy();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
