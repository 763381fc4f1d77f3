// Run as a child process with --expose-gc: downloads one image URL with fetchImageUrl, forcing
// garbage collections while it waits, and prints how the download ended as one JSON line.
// Usage: fetch-image-with-gc.ts <url> <timeoutMs>
import { createGuardedDispatcher, fetchImageUrl } from "../../src/core/provider/fetch-image-url.ts";
import { requireGc, settleUnderGc } from "./settle-under-gc.ts";

const [url = "", timeoutMs = "200"] = process.argv.slice(2);
requireGc();

const dispatcher = createGuardedDispatcher(true);
const job = new AbortController();
const download = fetchImageUrl(
  url,
  { maxBytes: 1024 * 1024, timeoutMs: Number(timeoutMs), allowLoopback: true },
  dispatcher,
  job.signal,
);
const outcome = await settleUnderGc(download, { job, timeoutMs: Number(timeoutMs), success: "downloaded" });
await dispatcher.destroy();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
