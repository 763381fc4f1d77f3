import type { RequestListener } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer } from "../../src/app/http/http-server.ts";
import { routePlatformRequests } from "../../src/app/http/route-platform-requests.ts";
import type { PlatformAdapter } from "../../src/core/platform-adapter.ts";

let server: HttpServer | undefined;
afterEach(async () => server?.close());

/** An adapter that answers every request it is given with its platform's name and the path. */
function adapterOf(platform: "discord" | "slack", listens = true): PlatformAdapter {
  const httpListener: RequestListener = (request, response) =>
    void response.writeHead(200).end(`${platform} ${request.url}`);
  return { platform, ...(listens && { httpListener }) } as PlatformAdapter;
}

async function serve(adapters: PlatformAdapter[]): Promise<(path: string) => Promise<[number, string]>> {
  const fallback = routePlatformRequests(adapters);
  server = await startHttpServer({
    port: 0,
    host: "127.0.0.1",
    whyNotReady: () => undefined,
    metrics: () => "",
    ...(fallback && { fallback }),
  });
  return async (path) => {
    const response = await fetch(`http://127.0.0.1:${server!.port}${path}`, { method: "POST", body: "{}" });
    return [response.status, await response.text()];
  };
}

describe("the adapters' requests on the bot's HTTP server", () => {
  it("go to the adapter whose platform begins the path, both HTTP modes on one port", async () => {
    const post = await serve([adapterOf("discord"), adapterOf("slack")]);
    expect(await post("/discord/interactions")).toEqual([200, "discord /discord/interactions"]);
    expect(await post("/slack/events?x=1")).toEqual([200, "slack /slack/events?x=1"]);
    expect(await post("/teams/events")).toEqual([404, "not found\n"]);
    expect(await post("/discordx/interactions")).toEqual([404, "not found\n"]);
    expect((await fetch(`http://127.0.0.1:${server!.port}/healthz`)).status).toBe(200);
  });

  it("reach no adapter that takes none (gateway, Socket Mode)", async () => {
    expect(routePlatformRequests([adapterOf("discord", false), adapterOf("slack", false)])).toBeUndefined();
    const post = await serve([adapterOf("discord", false), adapterOf("slack")]);
    expect(await post("/discord/interactions")).toEqual([404, "not found\n"]);
    expect(await post("/slack/events")).toEqual([200, "slack /slack/events"]);
  });
});
