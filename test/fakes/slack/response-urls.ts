import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventLog } from "../create-event-log.ts";
import type { FailurePlan } from "./failure-plan.ts";
import { failureResponse } from "./failure-plan.ts";
import { jsonArg, stringArg } from "./method-context.ts";
import type { MessageStore } from "./message-store.ts";
import { flattenHeaders, parseArgs, readBody } from "./read-request.ts";
import type { RecordedCall, SlackIdentity } from "./types.ts";

/** Where a slash command's or an interaction's `response_url` posts land. */
export interface ResponseTarget {
  channel: string;
  user: string;
  /** The message whose button was clicked: `replace_original` and `delete_original` act on it. */
  messageTs?: string;
}

/** `response_url`s handed out with slash commands and interactive payloads. */
export interface ResponseUrls {
  mint(target: ResponseTarget): string;
  handle(req: IncomingMessage, res: ServerResponse, id: string): Promise<void>;
}

/** Recorded as this pseudo-method in `calls` (and the key for `failNext`). */
export const responseUrlMethod = "response_url";

/**
 * Creates the `response_url` endpoint. Bolt's `respond()` POSTs JSON there; `response_type:
 * "in_channel"` shows the message to everyone, anything else only to the invoking user. A
 * `response_url` from a button click may instead replace (`replace_original: true`) or delete
 * (`delete_original: true`) the message the button was in.
 */
export function createResponseUrls(deps: {
  origin: () => string;
  identity: SlackIdentity;
  messages: MessageStore;
  failures: FailurePlan;
  log: EventLog<RecordedCall>;
  newId: () => string;
  newTs: () => string;
}): ResponseUrls {
  const targets = new Map<string, ResponseTarget>();

  /** Deletes or replaces the clicked message when asked to; false when the POST is a new message. */
  const actOnOriginal = (args: Record<string, unknown>, target: ResponseTarget): boolean => {
    const { channel, messageTs } = target;
    if (messageTs === undefined) return false;
    if (stringArg(args, "delete_original") === "true") {
      deps.messages.remove(channel, messageTs);
      return true;
    }
    if (stringArg(args, "replace_original") !== "true") return false;
    const text = stringArg(args, "text");
    const blocks = jsonArg(args, "blocks");
    // Slack replaces the whole message: blocks left out are gone, not kept as chat.update keeps them.
    deps.messages.update(channel, messageTs, { text: text ?? "", blocks: blocks ?? [] }, deps.newTs());
    return true;
  };

  return {
    mint(target) {
      const id = deps.newId();
      targets.set(id, target);
      return `${deps.origin()}/response/${id}`;
    },
    async handle(req, res, id) {
      const receivedAt = Date.now();
      const args = await parseArgs(req.headers["content-type"], await readBody(req), new URLSearchParams());
      const target = targets.get(id);
      const failure = deps.failures.take(responseUrlMethod);
      let status = 200;
      let headers: Record<string, string> = {};
      let response: Record<string, unknown> = { ok: true };
      if (failure !== undefined) {
        ({ status, headers, body: response } = failureResponse(failure));
      } else if (target === undefined) {
        status = 404;
        response = { ok: false, error: "expired_url" };
      } else if (!actOnOriginal(args, target)) {
        const inChannel = stringArg(args, "response_type") === "in_channel";
        const threadTs = stringArg(args, "thread_ts");
        const blocks = jsonArg(args, "blocks");
        deps.messages.post({
          channel: target.channel,
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
          text: stringArg(args, "text") ?? "",
          ...(blocks === undefined ? {} : { blocks }),
          user: deps.identity.botUserId,
          bot_id: deps.identity.botId,
          ...(inChannel ? {} : { ephemeral_to: target.user }),
        });
      }
      const call = {
        args,
        headers: flattenHeaders(req.headers),
        token: undefined,
        status,
        response,
        receivedAt,
      };
      deps.log.record({ method: responseUrlMethod, ...call });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(response));
    },
  };
}
