import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

/** A route handler; `rest` is the path after the route's prefix, `query` its search params. */
export type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  query: URLSearchParams,
) => Promise<void> | void;

/** The fake's one HTTP server: Web API, upload URLs, response URLs and the Socket Mode upgrade. */
export interface WebApiServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1, port 0, and routes by path prefix (e.g. `/api/` → `chat.postMessage`).
 * A route that throws answers 500 rather than crashing the test run.
 */
export async function startWebApiServer(
  routes: Record<string, Route>,
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
): Promise<WebApiServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake-slack.invalid");
    const prefix = Object.keys(routes).find((p) => url.pathname.startsWith(p));
    const route = prefix === undefined ? undefined : routes[prefix];
    if (prefix === undefined || route === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`fake Slack: no route for ${url.pathname}`);
      return;
    }
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    Promise.resolve(route(req, res, rest, url.searchParams)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake Slack: ${String(error)}`);
    });
  });
  server.on("upgrade", onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** Closes the server, cutting keep-alive connections the clients still hold. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}
