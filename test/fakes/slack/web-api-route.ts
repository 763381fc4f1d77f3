import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallLog } from "./call-log.ts";
import type { FailurePlan } from "./failure-plan.ts";
import { failureResponse } from "./failure-plan.ts";
import type { MethodContext, MethodHandler } from "./method-context.ts";
import { slackError, stringArg } from "./method-context.ts";
import { flattenHeaders, parseArgs, readBody } from "./read-request.ts";

/** Everything a Web API request needs. */
export interface WebApiDeps {
  ctx: MethodContext;
  methods: Record<string, MethodHandler>;
  failures: FailurePlan;
  log: CallLog;
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
  const failure = refusal === undefined ? deps.failures.take(method) : undefined;
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
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(response));
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
