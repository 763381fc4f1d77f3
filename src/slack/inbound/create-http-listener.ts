import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { answerPlain, readBoundedBody } from "../../kit/read-bounded-body.ts";
import type { HTTPReceiver } from "@slack/bolt";
import type { Logger } from "pino";
import { checkSlackHeaders, checkSlackSignature } from "./check-slack-request.ts";

/**
 * Where Slack posts events, commands and interactions (clicks, modal submissions) in HTTP mode:
 * Bolt's default, and the manifest's URLs.
 */
export const eventsPath = "/slack/events";

/**
 * Slack's events, commands and interactions are a few kilobytes; even a mention at Slack's
 * 40,000-character limit stays well below this. Larger bodies are refused, unread past the cap.
 */
export const maxEventBodyBytes = 256 * 1024;

export interface HttpListenerOptions {
  /** Built with `signatureVerification: false`: this listener verifies, with the bot's clock. */
  readonly receiver: HTTPReceiver;
  readonly signingSecret: string;
  readonly isReady: () => boolean;
  readonly log: Logger;
  readonly now: () => number;
  /** Largest body read; default `maxEventBodyBytes`. */
  readonly maxBodyBytes?: number;
}

/**
 * The bot's HTTP server hands this every request it does not serve itself. It refuses a request
 * whose signature headers are missing or whose timestamp is more than 5 minutes from the bot's
 * clock (401, before reading the body), reads at most `maxBodyBytes` of the body (413 beyond),
 * checks the signature (401), and only then hands the buffered request to Bolt's HTTPReceiver,
 * which acks and dispatches to the App that `init`ed it. The receiver is never started (it would
 * open its own port), and it throws for paths it does not own, so those are answered here first.
 */
export function createHttpListener(options: HttpListenerOptions): RequestListener {
  const { receiver, signingSecret, log, now } = options;
  const maxBodyBytes = options.maxBodyBytes ?? maxEventBodyBytes;

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBoundedBody(request, response, maxBodyBytes, () =>
      log.warn({ limitBytes: maxBodyBytes }, "refused a Slack request: body too large"),
    );
    if (!body) return;
    const refusal = checkSlackSignature(signingSecret, request.headers, body, now());
    if (refusal) {
      log.warn({ reason: refusal }, "refused a Slack request: bad signature (check SLACK_SIGNING_SECRET)");
      return answerPlain(response, 401, "unauthorized\n", true);
    }
    // Bolt reads a body already buffered as `rawBody` instead of the (now consumed) stream.
    Object.assign(request, { rawBody: body });
    receiver.requestListener(request, response);
  }

  return (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (path !== eventsPath) return answerPlain(response, 404, "not found\n");
    if (request.method !== "POST") return answerPlain(response, 405, "method not allowed\n");
    if (!options.isReady()) return answerPlain(response, 503, "not ready\n");
    const refusal = checkSlackHeaders(request.headers, now());
    if (refusal) {
      log.warn({ reason: refusal }, "refused a Slack request (check the machine's clock if Slack sent it)");
      return answerPlain(response, 401, "unauthorized\n", true);
    }
    receive(request, response).catch((error: unknown) => {
      log.error({ err: error }, "Slack request handling failed");
      if (!response.headersSent) answerPlain(response, 500, "internal error\n");
    });
  };
}
