import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningUpstream } from "./start-upstream.ts";

const event = (name: string, data: Record<string, unknown>) =>
  Buffer.from(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);

/**
 * A CometAPI stand-in for large images: byte for byte the stream the fake CometAPI sends
 * (`image_generation.partial_image` ×3, `image_generation.completed`, `[DONE]`, a pause before
 * each event), but encoded once and written to every request. The fake encodes base64 per
 * request — 50 ms a 4.5 MB image — which at N=200 would make the bench measure the fake, not the bot.
 */
export async function servePreEncodedStream(
  partial: Buffer,
  final: Buffer,
  delayMs: number,
): Promise<RunningUpstream> {
  const events = [
    ...[0, 1, 2].map((index) =>
      event("image_generation.partial_image", {
        b64_json: partial.toString("base64"),
        partial_image_index: index,
        output_format: "png",
      }),
    ),
    event("image_generation.completed", {
      b64_json: final.toString("base64"),
      output_format: "png",
      usage: { total_tokens: 100 },
    }),
  ];
  const arrivals = new Map<unknown, number>();
  let immediate = 0;
  let refusals = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const receivedAt = Date.now();
      let prompt: unknown;
      try {
        prompt = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { prompt?: unknown }).prompt;
      } catch {
        prompt = undefined;
      }
      arrivals.set(prompt, receivedAt);
      if (request.method !== "POST" || !request.url?.endsWith("/images/generations")) {
        response
          .writeHead(404, { "content-type": "application/json" })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      if (refusals > 0) {
        refusals--;
        response
          .writeHead(400, { "content-type": "application/json" })
          .end('{"error":{"message":"warm-up","type":"invalid_request_error","code":"moderation_blocked"}}');
        return;
      }
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const pause = immediate > 0 ? (immediate--, 0) : delayMs;
      void (async () => {
        for (const bytes of events) {
          if (pause) await sleep(pause);
          response.write(bytes);
        }
        response.end("data: [DONE]\n\n");
      })();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    arrivalOf: (prompt) => arrivals.get(prompt),
    // It serves generations only: the memory runs make no edits.
    editedBy: () => false,
    answerNextAtOnce: () => void immediate++,
    refuseNextAtOnce: () => void refusals++,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
