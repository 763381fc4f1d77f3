import type { RequestListener } from "node:http";
import type { PlatformAdapter } from "../../core/platform-adapter.ts";

/**
 * The adapters' own requests on the bot's HTTP server, each to the adapter whose platform names
 * the path's first segment (`/slack/events`, `/discord/interactions`), anything else 404; undefined
 * when no adapter takes requests (Socket Mode, the gateway).
 */
export function routePlatformRequests(adapters: readonly PlatformAdapter[]): RequestListener | undefined {
  const listeners = new Map<string, RequestListener>();
  for (const adapter of adapters) {
    if (adapter.httpListener) listeners.set(adapter.platform, adapter.httpListener);
  }
  if (listeners.size === 0) return undefined;
  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const listener = listeners.get(path.split("/")[1] ?? "");
    if (listener) return listener(request, response);
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
  };
}
