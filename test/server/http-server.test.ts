import { afterEach, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/server/http-server.ts";

let server: HttpServer | undefined;
afterEach(async () => server?.close());

const get = (path: string) => fetch(`http://127.0.0.1:${server!.port}${path}`);

describe("the bot's HTTP server", () => {
  it("answers /healthz while alive and /readyz by readiness", async () => {
    let ready = false;
    server = await startHttpServer({ port: 0, host: "127.0.0.1", isReady: () => ready, metrics: () => "" });
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(503);
    ready = true;
    const response = await get("/readyz");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ready\n");
  });

  it("serves metrics as Prometheus text", async () => {
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      isReady: () => true,
      metrics: () => "imagine_jobs_running 2\n",
    });
    const response = await get("/metrics");
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await response.text()).toBe("imagine_jobs_running 2\n");
  });

  it("hands other paths to the fallback, or answers 404 without one", async () => {
    server = await startHttpServer({ port: 0, host: "127.0.0.1", isReady: () => true, metrics: () => "" });
    expect((await get("/slack/events")).status).toBe(404);
    await server.close();
    server = await startHttpServer({
      port: 0,
      host: "127.0.0.1",
      isReady: () => true,
      metrics: () => "",
      fallback: (request, response) => response.writeHead(202).end(request.url),
    });
    const response = await get("/slack/events");
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("/slack/events");
  });
});
