import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { StartupError } from "../../core/errors/startup-error.ts";
import { defaultHttpLimits, type HttpLimits } from "./http-limits.ts";

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  /**
   * Why the bot is not taking work (not connected, shutting down, key refused), for the body of
   * /readyz's 503; undefined while it is ready.
   */
  readonly whyNotReady: () => string | undefined;
  /** Prometheus text for /metrics. */
  readonly metrics: () => string | Promise<string>;
  /** Anything else (Slack's Events API, Discord's interactions in HTTP mode) goes here; 404 without it. */
  readonly fallback?: RequestListener;
  /** Timeouts and the connection cap; `defaultHttpLimits` for what is not given. */
  readonly limits?: Partial<HttpLimits>;
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

/** Why the server could not listen, worded for whoever set PORT (or HOST, when the address is at fault). */
function listenFault(error: NodeJS.ErrnoException, port: number, host: string): StartupError {
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
    return new StartupError(
      `HOST=${host}: this machine has no such address (${error.code}): set HOST to one of its addresses, or 0.0.0.0 for all`,
      { cause: error },
    );
  }
  const what =
    error.code === "EADDRINUSE"
      ? "the port is already in use (is another copy of the bot running?): stop what holds it or set PORT to a free port"
      : error.code === "EACCES"
        ? "not allowed to listen on this port (ports below 1024 need privileges): set PORT to 1024 or above"
        : `cannot listen on this port (${error.code ?? error.message}): set PORT to a free port`;
  return new StartupError(`PORT=${port}: ${what}`, { cause: error });
}

/** The bot's one HTTP server: /healthz (alive), /readyz (taking work), /metrics, and the fallback. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") return send(response, 200, "ok\n");
    if (request.method === "GET" && path === "/readyz") {
      const reason = options.whyNotReady();
      return reason === undefined
        ? send(response, 200, "ready\n")
        : send(response, 503, `not ready: ${reason}\n`);
    }
    if (request.method === "GET" && path === "/metrics") {
      return void Promise.resolve()
        .then(options.metrics)
        .then(
          (text) => send(response, 200, text, "text/plain; version=0.0.4; charset=utf-8"),
          () => send(response, 500, "metrics unavailable\n"),
        );
    }
    if (options.fallback) return options.fallback(request, response);
    return send(response, 404, "not found\n");
  };
  const limits = { ...defaultHttpLimits, ...options.limits };
  const server: Server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    handle,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  await new Promise<void>((resolve, reject) => {
    const host = options.host ?? "0.0.0.0";
    server.once("error", (error) => reject(listenFault(error, options.port, host)));
    server.listen(options.port, host, () => resolve());
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
