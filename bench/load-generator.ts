// The load generator, in a process of its own so that its timers and the server's work do not
// take turns on one event loop: told over IPC which prepared requests to send at what rate, it
// sends them open-loop (see send-open-loop.ts) and answers with what became of each.
import { readFileSync } from "node:fs";
import { sendOpenLoop, type OpenLoopOptions, type PreparedRequest } from "./send-open-loop.ts";
import { startMemoryProbe } from "./start-memory-probe.ts";

/** What the bench asks the generator: send the requests in `file` (a JSON array) so. */
export interface LoadRequest extends OpenLoopOptions {
  readonly type: "send";
  readonly file: string;
}

process.on("message", (message: { type?: string }) => {
  if (message.type !== "send") return;
  const { file, ...options } = message as LoadRequest;
  const requests = JSON.parse(readFileSync(file, "utf8")) as PreparedRequest[];
  void sendOpenLoop(requests, options).then((run) => process.send?.({ type: "sent", ...run }));
});
startMemoryProbe();
process.send?.({ type: "ready" });
