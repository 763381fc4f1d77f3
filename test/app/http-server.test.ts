import type { RequestListener } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StartupError } from "../../src/core/errors/startup-error.ts";
import { startHttpServer, type HttpServer } from "../../src/app/http/http-server.ts";
import { openRawRequest } from "../support/raw-http.ts";

let server: HttpServer | undefined;
afterEach(async () => server?.close());

const get = (path: string) => fetch(`http://127.0.0.1:${server!.port}${path}`);

describe("the bot's HTTP server", () => {
  it("answers /healthz while alive and /readyz by readiness", async () => {
    let ready = false;
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => (ready ? undefined : "starting"),
      metrics: () => "",
    });
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(503);
    ready = true;
    const response = await get("/readyz");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ready\n");
  });

  it("names HOST, not PORT, when the address to listen on is not this machine's", async () => {
    // 192.0.2.1 is a documentation address no machine has: binding fails at once, nothing is sent.
    const failure = await startHttpServer({
      port: 0,
      host: "192.0.2.1",
      whyNotReady: () => undefined,
      metrics: () => "",
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).message).toMatch(/^HOST=192\.0\.2\.1: this machine has no such address/);
  });

  it("serves metrics as Prometheus text", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => "imagine_jobs_running 2\n",
    });
    const response = await get("/metrics");
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await response.text()).toBe("imagine_jobs_running 2\n");
  });

  it("answers 500, and keeps serving, when the metrics cannot be read", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => Promise.reject(new Error("collector failed")),
    });
    expect((await get("/metrics")).status).toBe(500);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("hands other paths to the fallback, or answers 404 without one", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => "",
    });
    expect((await get("/slack/events")).status).toBe(404);
    await server.close();
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => "",
      fallback: (request, response) => response.writeHead(202).end(request.url),
    });
    const response = await get("/slack/events");
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("/slack/events");
  });

  /** Like Slack's events path: answers once the whole body has arrived. */
  const readsBody: RequestListener = (request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(204).end());
  };
  const partialPost = (port: number) => {
    const request = openRawRequest(port, "POST", "/slack/events", { "content-length": "100" });
    void request.write("only part of the body");
    return request;
  };

  it("answers 408 and closes a connection whose request is not complete in time", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => "",
      fallback: readsBody,
      limits: { headersTimeoutMs: 100, requestTimeoutMs: 200, timeoutCheckIntervalMs: 50 },
    });
    const trickling = partialPost(server.port);

    expect(await trickling.status).toBe(408);
    await trickling.closed;
  });

  it("closes connections beyond its cap as they arrive, and serves again once one ends", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      whyNotReady: () => undefined,
      metrics: () => "",
      fallback: readsBody,
      limits: { maxConnections: 2 },
    });
    const held = [partialPost(server.port), partialPost(server.port)];
    await Promise.all(held.map((request) => request.write("")));
    const third = openRawRequest(server.port, "GET", "/healthz", {});

    expect(await third.status).toBeUndefined();
    held[0]!.destroy();
    await vi.waitFor(async () => expect((await get("/healthz")).status).toBe(200), { timeout: 5_000 });
    held[1]!.destroy();
  });
});
