import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventLog } from "../create-event-log.ts";
import type { FailurePlan } from "./failure-plan.ts";
import { failureResponse } from "./failure-plan.ts";
import type { MethodContext, MethodHandler } from "./method-context.ts";
import { slackError, stringArg } from "./method-context.ts";
import { flattenHeaders, parseArgs, readBody } from "./read-request.ts";
import type { createRateWindows, RateLimit } from "../rate-window.ts";
import type { RecordedCall } from "./types.ts";

/** A Slack method's limit: per workspace, or per channel (chat.postMessage's "1 per second"). */
export interface SlackRateLimit extends RateLimit {
  readonly perChannel?: boolean;
}

/** Everything a Web API request needs. */
export interface WebApiDeps {
  ctx: MethodContext;
  methods: Record<string, MethodHandler>;
  failures: FailurePlan;
  log: EventLog<RecordedCall>;
  /** Requests held unanswered (a scheduled `hang`) until their client hangs up. */
  held: Set<ServerResponse>;
  /** Opt-in per-method limits (for the bench); none by default. */
  rateLimits?: { rules: Record<string, SlackRateLimit>; windows: ReturnType<typeof createRateWindows> };
}

/** Methods that take the app-level token (xapp-…); every other one takes the bot token. */
const appTokenMethods: ReadonlySet<string> = new Set(["apps.connections.open"]);

/**
 * `POST {apiUrl}{method}`: checks the token, applies a scheduled failure or runs the method,
 * records the call, then answers. Recording before answering means a test woken by
 * `waitForCall` already sees the method's effect (e.g. in `messagesIn`).
 */
export async function handleWebApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  query: URLSearchParams,
  deps: WebApiDeps,
): Promise<void> {
  const receivedAt = Date.now();
  const body = await readBody(req);
  let args: Record<string, unknown>;
  try {
    args = await parseArgs(req.headers["content-type"], body, query);
  } catch {
    args = {};
  }
  const token = bearerToken(req.headers.authorization) ?? stringArg(args, "token");
  const refusal = checkToken(method, token, deps);
  const retryAfter = refusal === undefined ? rateLimited(method, args, deps) : undefined;
  const failure =
    refusal !== undefined
      ? undefined
      : retryAfter !== undefined
        ? { error: "ratelimited", retryAfterSeconds: retryAfter, status: 429 }
        : deps.failures.take(method);
  let status = 200;
  let headers: Record<string, string> = {};
  let response: Record<string, unknown>;
  if (refusal !== undefined) {
    response = slackError(refusal);
  } else if (failure !== undefined) {
    ({ status, headers, body: response } = failureResponse(failure));
  } else {
    const handler = deps.methods[method];
    // Slack answers unknown methods with HTTP 200 too; a non-200 would make the WebClient retry.
    response = handler === undefined ? slackError("unknown_method") : handler(args, deps.ctx);
  }
  deps.log.record({
    method,
    args,
    headers: flattenHeaders(req.headers),
    token,
    status,
    response,
    receivedAt,
  });
  if (failure?.hang) {
    deps.held.add(res);
    res.once("close", () => deps.held.delete(res));
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(response));
}

/** Seconds to wait when this call is over its method's limit; undefined when it may go. */
function rateLimited(method: string, args: Record<string, unknown>, deps: WebApiDeps): number | undefined {
  const rule = deps.rateLimits?.rules[method];
  if (!rule || !deps.rateLimits) return undefined;
  const bucket = rule.perChannel
    ? `${method}:${stringArg(args, "channel") ?? stringArg(args, "channel_id") ?? ""}`
    : method;
  const decision = deps.rateLimits.windows.take(bucket, rule);
  return decision.allowed ? undefined : Math.max(1, Math.ceil(decision.resetAfterMs / 1000));
}

/** Slack's auth errors: `not_authed` without a token, `invalid_auth` for an unknown one. */
function checkToken(method: string, token: string | undefined, deps: WebApiDeps): string | undefined {
  const { botToken, appToken } = deps.ctx.identity;
  if (token === undefined || token === "") return "not_authed";
  if (token !== botToken && token !== appToken) return "invalid_auth";
  const wantsAppToken = appTokenMethods.has(method);
  if (wantsAppToken !== (token === appToken)) return "not_allowed_token_type";
  return undefined;
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1];
}
