import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeDiscord, InteractionInput } from "../test/fakes/discord/index.ts";

/** An interaction as Discord POSTs it: its signed body and headers, ready to send again. */
export interface SignedInteraction {
  readonly token: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How many interactions are signed at once: each is one loopback POST to collect. */
const chunkSize = 250;
const signedHeaders = ["content-type", "user-agent", "x-signature-ed25519", "x-signature-timestamp"];
const deferred = JSON.stringify({ type: 5 });

function pick(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    signedHeaders.flatMap((name) => {
      const value = headers[name];
      return typeof value === "string" ? [[name, value]] : [];
    }),
  );
}

/**
 * Has the fake Discord (started with `interactions: "http"`) build and sign one interaction per
 * input, as it would POST them, and collects them for the load generator to send later. Each is
 * answered with a deferral as it is collected, so the fake holds it acknowledged, as it will be
 * once the bot's own deferral has gone back to the generator: the bot's edits of the reply are
 * then accepted. The signatures stay good for Discord's 5 minutes.
 */
export async function signInteractions(
  discord: FakeDiscord,
  inputs: readonly InteractionInput[],
): Promise<SignedInteraction[]> {
  const collected = new Map<string, SignedInteraction>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const { token } = JSON.parse(body) as { token: string };
      collected.set(token, { token, headers: pick(request.headers), body });
      response.writeHead(200, { "content-type": "application/json" }).end(deferred);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    discord.deliverInteractionsTo(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`,
    );
    const tokens: string[] = [];
    // An answer that took effect is recorded as an `interactionResponse` call (its own log comes
    // after, and wakes no waiter of the calls).
    let read = discord.calls.length;
    let tookEffect = 0;
    const countEffects = () => {
      for (; read < discord.calls.length; read++) {
        if (discord.calls[read]!.route === "interactionResponse") tookEffect++;
      }
      return tookEffect;
    };
    for (let from = 0; from < inputs.length; from += chunkSize) {
      for (const input of inputs.slice(from, from + chunkSize))
        tokens.push(discord.sendInteraction(input).token);
      const answered = tokens.length;
      await discord.waitUntil(
        () => countEffects() >= answered,
        `${answered} interactions signed and collected`,
        { timeoutMs: 30_000 },
      );
    }
    const errors = discord.protocolErrors;
    if (errors.length > 0) throw new Error(`the fake Discord refused a collected interaction: ${errors[0]}`);
    return tokens.map((token) => collected.get(token)!);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
