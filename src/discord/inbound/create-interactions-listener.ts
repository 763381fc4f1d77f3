import type { KeyObject } from "node:crypto";
import { answerPlain, readBoundedBody } from "../../kit/read-bounded-body.ts";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { checkInteractionHeaders, checkInteractionSignature } from "./check-interaction-signature.ts";

/** Where Discord POSTs interactions in HTTP mode: the Interactions Endpoint URL's path. */
const interactionsPath = "/discord/interactions";

/**
 * Interactions are a few kilobytes; a message command carrying a long message with embeds stays
 * far below this. Larger bodies are refused, unread past the cap.
 */
export const maxInteractionBodyBytes = 256 * 1024;

/** The fields of an interaction the bot needs before discord.js reads the rest. */
export interface ReceivedInteraction {
  readonly id: string;
  readonly application_id: string;
  readonly type: number;
  readonly token: string;
  readonly [field: string]: unknown;
}

export interface InteractionsListenerOptions {
  /** The application's public key (`interactionPublicKey`). */
  readonly publicKey: KeyObject;
  readonly isReady: () => boolean;
  /** The bot's clock, which the request's timestamp must be near. */
  readonly now: () => number;
  readonly log: Logger;
  /**
   * Takes a verified interaction other than a PING; its answer must be written to `response`
   * within 3 s.
   */
  readonly receive: (interaction: ReceivedInteraction, response: ServerResponse) => void;
  /** Largest body read; default `maxInteractionBodyBytes`. */
  readonly maxBodyBytes?: number;
}

/** Interaction type 1: Discord checking the endpoint (when it is saved, and now and then). */
const ping = 1;

function readInteraction(body: Buffer): ReceivedInteraction | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { id, application_id, type, token } = value as Record<string, unknown>;
  const valid =
    typeof id === "string" &&
    typeof application_id === "string" &&
    typeof type === "number" &&
    typeof token === "string";
  return valid ? (value as ReceivedInteraction) : undefined;
}

/**
 * Discord's HTTP interactions at `/discord/interactions`: a request whose signature headers are
 * missing or whose timestamp is more than 5 minutes from the bot's clock is refused (401) before
 * its body is read; the body is read up to `maxBodyBytes` (413 beyond); a signature that does not
 * verify is refused (401); nothing runs for any of them. A PING is answered `{"type":1}` here;
 * every other interaction goes to `receive`, which answers it.
 */
export function createInteractionsListener(options: InteractionsListenerOptions): RequestListener {
  const { publicKey, log, now } = options;
  const maxBodyBytes = options.maxBodyBytes ?? maxInteractionBodyBytes;

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBoundedBody(request, response, maxBodyBytes, () =>
      log.warn({ limitBytes: maxBodyBytes }, "refused a Discord interaction: body too large"),
    );
    if (!body) return;
    const refusal = checkInteractionSignature(publicKey, request.headers, body, now());
    if (refusal) {
      // Discord itself sends badly signed requests when the endpoint is saved, to see them refused.
      log.info(
        { reason: refusal },
        "refused a Discord interaction: bad signature (check DISCORD_PUBLIC_KEY)",
      );
      return answerPlain(response, 401, "invalid request signature\n", true);
    }
    const interaction = readInteraction(body);
    if (!interaction) return answerPlain(response, 400, "bad request\n");
    if (interaction.type === ping) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ type: ping }));
      return;
    }
    options.receive(interaction, response);
  }

  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== interactionsPath) return answerPlain(response, 404, "not found\n");
    if (request.method !== "POST") return answerPlain(response, 405, "method not allowed\n");
    if (!options.isReady()) return answerPlain(response, 503, "not ready\n");
    const refusal = checkInteractionHeaders(request.headers, now());
    if (refusal) {
      log.warn(
        { reason: refusal },
        "refused a Discord interaction (check the machine's clock if Discord sent it)",
      );
      return answerPlain(response, 401, "invalid request signature\n", true);
    }
    receive(request, response).catch((error: unknown) => {
      log.error({ err: error }, "Discord interaction handling failed");
      if (!response.headersSent) answerPlain(response, 500, "internal error\n");
    });
  };
}
