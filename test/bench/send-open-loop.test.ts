import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendOpenLoop, type PreparedRequest } from "../../bench/send-open-loop.ts";

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server handing each request, body read, to `handle`; resolves with its URL. */
async function serve(handle: (body: string, response: ServerResponse, request: IncomingMessage) => void) {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(Buffer.concat(chunks).toString("utf8"), response, request));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const requests = (url: string, count: number): PreparedRequest[] =>
  Array.from({ length: count }, (_, index) => ({
    url,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ index }),
  }));

describe("sendOpenLoop", () => {
  it("sends each request when it is due while earlier ones are still unanswered, and times it from then", async () => {
    // The server answers nothing until all ten requests have arrived: a closed loop would wait
    // for the first answer forever.
    const held: ServerResponse[] = [];
    const url = await serve((_body, response) => {
      held.push(response);
      if (held.length === 10) for (const waiting of held) waiting.end('{"type":5}');
    });

    const { outcomes } = await sendOpenLoop(requests(url, 10), {
      ratePerSecond: 200,
      timeoutMs: 10_000,
      maxSockets: 20,
    });

    expect(outcomes.map((outcome) => [outcome.status, outcome.body, outcome.timedOut])).toEqual(
      Array.from({ length: 10 }, () => [200, '{"type":5}', false]),
    );
    // All were answered together, after the last was due 45 ms after the first: each waited from
    // its own due time, the first the longest.
    expect(outcomes[0]!.latencyMs).toBeGreaterThanOrEqual(45);
    expect(outcomes[0]!.latencyMs).toBeGreaterThan(outcomes[9]!.latencyMs);
  });

  it("gives up a request with no answer within the timeout of its due time, and says so", async () => {
    const url = await serve((body, response) => {
      if ((JSON.parse(body) as { index: number }).index !== 1) response.writeHead(401).end();
    });

    const { outcomes } = await sendOpenLoop(requests(url, 3), {
      ratePerSecond: 100,
      timeoutMs: 300,
      maxSockets: 5,
    });

    expect(outcomes.map((outcome) => [outcome.status, outcome.timedOut])).toEqual([
      [401, false],
      [0, true],
      [401, false],
    ]);
    expect(outcomes[1]!.latencyMs).toBeGreaterThanOrEqual(300);
  });

  it("opens no more connections to a server than it is allowed", async () => {
    const url = await serve((_body, response) => response.end("{}"));
    let connections = 0;
    server!.on("connection", () => connections++);

    const { outcomes } = await sendOpenLoop(requests(url, 20), {
      ratePerSecond: 2000,
      timeoutMs: 10_000,
      maxSockets: 2,
    });

    expect(outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    expect(connections).toBeLessThanOrEqual(2);
  });

  it("resolves at once with nothing to send", async () => {
    expect((await sendOpenLoop([], { ratePerSecond: 10, timeoutMs: 100, maxSockets: 1 })).outcomes).toEqual(
      [],
    );
  });
});
