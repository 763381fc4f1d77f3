import { interactiveEnvelope } from "./envelopes.ts";
import { buildSignedFormRequest } from "./signed-request.ts";
import type { SocketModeServer } from "./socket-mode-server.ts";
import type { InteractionAck, InteractivityUrl } from "./types.ts";

/** Sends interactive payloads the way the app is set up to take them. */
export interface InteractionDelivery {
  /** POST interactions to this URL from now on; `undefined` goes back to Socket Mode. */
  setRequestUrl(target: InteractivityUrl | undefined): void;
  /** Delivers `payload`; resolves with the bot's ack, rejects if none comes within `timeoutMs`. */
  deliver(payload: Record<string, unknown>, timeoutMs: number): Promise<InteractionAck>;
}

/**
 * Creates the delivery: an `interactive` envelope on the Socket Mode connection, or, once a
 * request URL is set, a signed form POST there stamped with the fake's clock (`now`).
 */
export function createInteractionDelivery(deps: {
  socket: SocketModeServer;
  newEnvelopeId: () => string;
  now: () => number;
}): InteractionDelivery {
  let requestUrl: InteractivityUrl | undefined;
  return {
    setRequestUrl(target) {
      requestUrl = target;
    },
    async deliver(payload, timeoutMs) {
      if (requestUrl === undefined) {
        const envelope = interactiveEnvelope(deps.newEnvelopeId(), payload);
        const { envelopeId, ack } = await deps.socket.deliver(envelope, timeoutMs);
        return { envelopeId, ack };
      }
      const { url, signingSecret } = requestUrl;
      const request = buildSignedFormRequest(payload, {
        signingSecret,
        timestamp: Math.floor(deps.now() / 1000),
      });
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", ...request, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        const why = timedOut ? `no answer within ${timeoutMs} ms` : String(error);
        throw new Error(`fake Slack: ${String(payload["type"])} POST to ${url}: ${why}`, { cause: error });
      }
      return { status: response.status, ack: readAck(await response.text()) };
    },
  };
}

/** Bolt's HTTP ack: an empty body for a bare `ack()` (`{}`, as on a socket), JSON for a response. */
function readAck(body: string): unknown {
  if (body === "") return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
