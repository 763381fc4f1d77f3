import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createUndiciFetch } from "../../src/kit/create-undici-fetch.ts";

let server: Server | undefined;
let pool: Agent | undefined;

afterEach(async () => {
  await pool?.close();
  server?.closeAllConnections();
  server?.close();
  server = pool = undefined;
});

interface Received {
  readonly method: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

/** A loopback server answering every request with `answer`, recording what it got. */
async function serve(answer: { status: number; headers?: Record<string, string>; body: string }) {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat.update`;
  return { url, received };
}

describe("createUndiciFetch", () => {
  it("sends the method, headers and body, and answers as fetch would", async () => {
    const { url, received } = await serve({
      status: 200,
      headers: { "content-type": "application/json", "x-oauth-scopes": "chat:write" },
      body: '{"ok":true}',
    });
    pool = new Agent();
    const answer = await createUndiciFetch(pool)(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer xoxb-1" },
      body: "channel=C1&text=hi",
    });

    expect(received).toEqual([
      expect.objectContaining({
        method: "POST",
        headers: expect.objectContaining({ authorization: "Bearer xoxb-1" }),
        body: Buffer.from("channel=C1&text=hi"),
      }),
    ]);
    expect(answer).toMatchObject({ ok: true, status: 200, statusText: "OK", url });
    expect(answer.headers.get("x-oauth-scopes")).toBe("chat:write");
    expect(await answer.json()).toEqual({ ok: true });
    expect(await answer.text()).toBe('{"ok":true}');
  });

  it("sends a FormData an SDK built as a multipart form", async () => {
    const { url, received } = await serve({ status: 200, body: "OK" });
    pool = new Agent();
    const form = new FormData();
    form.append("title", "a cat");
    form.append("file", new Blob([Buffer.from("PNG bytes")]), "imagine-1.png");
    await createUndiciFetch(pool)(url, { method: "POST", body: form });

    const contentType = received[0]!.headers["content-type"]!;
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = await new Response(received[0]!.body, {
      headers: { "content-type": contentType },
    }).formData();
    expect(parsed.get("title")).toBe("a cat");
    expect(await (parsed.get("file") as File).text()).toBe("PNG bytes");
  });
});
