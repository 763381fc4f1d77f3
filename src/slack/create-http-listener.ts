import type { RequestListener } from "node:http";
import type { HTTPReceiver } from "@slack/bolt";
import type { Logger } from "pino";

/** Where Slack posts events and commands in HTTP mode (Bolt's default, and the manifest's URL). */
export const eventsPath = "/slack/events";

function answer(response: Parameters<RequestListener>[1], status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}

/**
 * The bot's HTTP server hands this every request it does not serve itself. Bolt's HTTPReceiver
 * is never started (it would open its own port): its `requestListener` verifies the signature
 * and the 5-minute timestamp window (401 otherwise), acks, and dispatches to the App it was
 * `init`ed with by the App's constructor. It throws for paths it does not own, so those are
 * answered here first.
 */
export function createHttpListener(
  receiver: HTTPReceiver,
  isReady: () => boolean,
  log: Logger,
): RequestListener {
  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== eventsPath) return answer(response, 404, "not found\n");
    if (request.method !== "POST") return answer(response, 405, "method not allowed\n");
    if (!isReady()) return answer(response, 503, "not ready\n");
    try {
      receiver.requestListener(request, response);
    } catch (error) {
      log.error({ err: error }, "Slack request handling failed");
      if (!response.headersSent) answer(response, 500, "internal error\n");
    }
  };
}
