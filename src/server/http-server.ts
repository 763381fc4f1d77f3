import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  /** Whether the bot is taking work: connected and not shutting down. */
  readonly isReady: () => boolean;
  /** Prometheus text for /metrics. */
  readonly metrics: () => string;
  /** Anything else (Slack's Events API in HTTP mode) goes here; 404 without it. */
  readonly fallback?: RequestListener;
}

export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type = "text/plain; charset=utf-8",
): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

/** The bot's one HTTP server: /healthz (alive), /readyz (taking work), /metrics, and the fallback. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") return send(response, 200, "ok\n");
    if (request.method === "GET" && path === "/readyz") {
      return options.isReady() ? send(response, 200, "ready\n") : send(response, 503, "not ready\n");
    }
    if (request.method === "GET" && path === "/metrics") {
      return send(response, 200, options.metrics(), "text/plain; version=0.0.4; charset=utf-8");
    }
    if (options.fallback) return options.fallback(request, response);
    return send(response, 404, "not found\n");
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
