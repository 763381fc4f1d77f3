// The floor of the HTTP interactions run: a node:http server that only checks an interaction's
// signature, as imagine-bot does, and answers every good one with a deferral. What it costs is
// what receiving a signed interaction costs on this machine.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  checkInteractionSignature,
  interactionPublicKey,
} from "../src/discord/inbound/check-interaction-signature.ts";
import { startMemoryProbe } from "./start-memory-probe.ts";

const publicKey = interactionPublicKey(process.env.DISCORD_PUBLIC_KEY ?? "");
const deferred = Buffer.from(JSON.stringify({ type: 5 }));

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (checkInteractionSignature(publicKey, request.headers, Buffer.concat(chunks), Date.now())) {
      response.writeHead(401).end();
      return;
    }
    response
      .writeHead(200, { "content-type": "application/json", "content-length": deferred.length })
      .end(deferred);
  });
});
// As the bot's own HTTP server keeps them (src/app/http/http-limits.ts).
server.keepAliveTimeout = 5000;
server.maxConnections = 256;
server.listen(0, "127.0.0.1", () => {
  startMemoryProbe();
  process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
