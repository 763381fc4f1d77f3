// Run as a child process with --expose-gc: runs one job through the core whose adapter holds its
// end on a last word that has not landed (as Slack's does while chat.update turns are spent), then
// forces collections and prints, as one JSON line, whether the job's result image was collected.
// Usage: held-end-with-gc.ts [cometapi base URL]: the real provider against it, else one driven here.
import { Agent } from "undici";
import type { JobSink } from "../../src/core/jobs/job-events.ts";
import type { AcceptedJob } from "../../src/core/jobs/submission.ts";
import { createCometApiProvider } from "../../src/core/provider/cometapi.ts";
import { createGuardedDispatcher } from "../../src/core/provider/fetch-image-url.ts";
import { actor } from "./actors.ts";
import { createCore } from "./create-core.ts";
import { requireGc } from "./settle-under-gc.ts";

const [baseUrl] = process.argv.slice(2);
const collect = requireGc();
const provider = baseUrl
  ? createCometApiProvider({
      apiKey: "gc-test-key",
      baseUrl,
      timeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxRetries: 0,
      partialImages: 0,
      imageFetch: { maxBytes: 1024 * 1024, timeoutMs: 10_000, allowLoopback: true },
      dispatcher: new Agent(),
      imageDispatcher: createGuardedDispatcher(true),
    })
  : undefined;
const core = createCore(provider ? { provider } : {});
// Reachable, as a last word waiting its turn in a rate budget is.
const lastWordWaiting = new Promise<void>(() => {});
let delivered: (image: WeakRef<Uint8Array>) => void = () => {};
const handedOver = new Promise<WeakRef<Uint8Array>>((resolve) => (delivered = resolve));
const openSink =
  (job: AcceptedJob): JobSink =>
  (event) => {
    if (event.type !== "completed") return;
    // What the adapter keeps is its job, as a sink waiting on its last word does.
    job.holdEnd(lastWordWaiting.then(() => job.note({})));
    delivered(new WeakRef(event.images[0]!.bytes));
  };
await core.imagine.submit({ request: { prompt: "a lighthouse" }, actor: actor(), openSink });
if (!provider) {
  await core.driver.nthCall(0);
  // Handed over in a scope of its own; the call is dropped too, as its settling function holds the answer.
  (() => core.driver.calls.pop()!.succeed([{ bytes: Buffer.alloc(1024 * 1024), mimeType: "image/png" }]))();
}
const image = await handedOver;
for (let round = 0; round < 5; round++) {
  await new Promise((resolve) => setImmediate(resolve));
  collect();
}
process.stdout.write(`${JSON.stringify({ collected: image.deref() === undefined })}\n`);
process.exit(0);
