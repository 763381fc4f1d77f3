import { createPublicKey, verify } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startFakeDiscord, type FakeDiscord } from "./discord/index.ts";

let fake: FakeDiscord | undefined;
let bot: Server | undefined;
afterEach(async () => {
  bot?.closeAllConnections();
  bot?.close();
  await fake?.close();
  fake = bot = undefined;
});

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

/** A stand-in for the bot's endpoint that answers every POST with `answer`, keeping what it got. */
async function endpoint(answer: (body: { type: number }) => { status: number; json: unknown }) {
  const received: Received[] = [];
  bot = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: request.headers, body });
      const { status, json } = answer(JSON.parse(body) as { type: number });
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  bot.listen(0, "127.0.0.1");
  await once(bot, "listening");
  return { url: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/discord/interactions`, received };
}

describe("the fake Discord in HTTP interactions mode", () => {
  it("signs each interaction with the application's key over timestamp + body, and shows the HTTP answer as its response", async () => {
    fake = await startFakeDiscord({ interactions: "http" });
    const { url, received } = await endpoint(() => ({
      status: 200,
      json: { type: 4, data: { content: "hello", flags: 64 } },
    }));
    fake.deliverInteractionsTo(url);
    const { token } = fake.sendInteraction({ commandName: "imagine-history" });
    const answer = await fake.httpAnswerFor(token);
    expect(answer).toMatchObject({ status: 200, json: { type: 4, data: { content: "hello" } } });
    expect(fake.messageFor(token)).toMatchObject({ content: "hello", ephemeral: true });

    const { headers, body } = received[0]!;
    const key = createPublicKey({
      key: Buffer.concat([
        Buffer.from("302a300506032b6570032100", "hex"),
        Buffer.from(fake.publicKey, "hex"),
      ]),
      format: "der",
      type: "spki",
    });
    const signed = Buffer.from(`${String(headers["x-signature-timestamp"])}${body}`);
    const signature = Buffer.from(String(headers["x-signature-ed25519"]), "hex");
    expect(verify(null, signed, key, signature)).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ type: 2, token, data: { name: "imagine-history" } });
    // The application's own description names the same key.
    const application = (await (
      await fetch(`${fake.apiBaseUrl}/v10/applications/@me`, {
        headers: { authorization: `Bot ${fake.token}` },
      })
    ).json()) as { verify_key: string };
    expect(application.verify_key).toBe(fake.publicKey);
    expect(fake.protocolErrors).toEqual([]);
  });

  it("notes a callback over REST for an interaction that came over HTTP, the gateway asked for, and a bad answer", async () => {
    fake = await startFakeDiscord({ interactions: "http" });
    const { url } = await endpoint(() => ({ status: 200, json: { type: 1 } }));
    fake.deliverInteractionsTo(url);
    const { id, token } = fake.sendInteraction({ commandName: "imagine" });
    await fake.httpAnswerFor(token);
    expect(fake.protocolErrors).toEqual([
      expect.stringMatching(/HTTP answer to interaction \d+ is one Discord refuses/),
    ]);

    const callback = await fetch(`${fake.apiBaseUrl}/v10/interactions/${id}/${token}/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 5 }),
    });
    expect(callback.status).toBe(400);
    const gateway = await fetch(`${fake.apiBaseUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(gateway.status).toBe(404);
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    await once(socket, "error").catch(() => undefined);
    expect(fake.protocolErrors.slice(1)).toEqual([
      expect.stringContaining(`POST /interactions/${id}/…/callback for an interaction that came over HTTP`),
      "the bot asked GET /gateway/bot in HTTP interactions mode",
      "the bot opened a gateway connection in HTTP interactions mode",
    ]);
    expect(fake.gatewayConnections).toBe(0);
  });

  it("sends a spoiled request when told to, and then expects it refused", async () => {
    fake = await startFakeDiscord({ interactions: "http" });
    const { url } = await endpoint(() => ({ status: 401, json: { message: "invalid request signature" } }));
    fake.deliverInteractionsTo(url);
    fake.tamperNextInteraction({ signature: "forged" });
    expect((await fake.ping()).status).toBe(401);
    expect(fake.protocolErrors).toEqual([]);
    // Not refusing a good one, though, is a fault: Discord would show "The application did not respond".
    const { token } = fake.sendInteraction({ commandName: "imagine" });
    await fake.httpAnswerFor(token);
    expect(fake.protocolErrors).toEqual([expect.stringMatching(/: HTTP 401 /)]);
  });
});
