import type { IncomingMessage, ServerResponse } from "node:http";
import { discordErrors } from "./discord-errors.ts";
import type { EventLog } from "../create-event-log.ts";
import type { FailurePlan } from "./failure-plan.ts";
import type { FakeState } from "./fake-state.ts";
import { parseRequestBody, type ParsedBody } from "./parse-request-body.ts";
import { matchRoute, type RouteMatch } from "./route-table.ts";
import type { Route, RouteReply } from "./rest-types.ts";
import type { RecordedCall } from "./recorded-call.ts";
import { createRateWindows, type RateLimit } from "../rate-window.ts";

/** Where the versioned REST API lives; discord.js calls `{api}/v10/...`. */
const apiPrefix = ["api", "v10"];

/** What the REST handler needs besides the routes' state. */
export interface RestDeps {
  state: FakeState;
  routes: readonly Route[];
  failures: FailurePlan;
  calls: EventLog<RecordedCall>;
  /** Per-route bucket limit, with X-RateLimit-* headers on every answer; off when absent. */
  rateLimit?: RateLimit;
  /**
   * Holds a request for a route until what it depends on has happened (an HTTP interaction's
   * answer taking effect before the calls made with its token); nothing to wait for when undefined.
   */
  hold?: (route: string, params: Record<string, string>) => Promise<void> | undefined;
}

/** A request as read off the wire. */
interface Incoming {
  method: string;
  url: URL;
  /** Percent-decoded path segments. */
  segments: string[];
  authorization: string | undefined;
  /** `undefined` when the body could not be parsed. */
  body: ParsedBody | undefined;
}

/** Handles one HTTP request: read it, answer it, record both. */
export function createRestHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const windows = createRateWindows();
  return (req, res) => {
    const receivedAt = Date.now();
    read(req, deps.state.origin)
      .then(async (incoming) => {
        const api = apiPrefix.every((part, i) => incoming.segments[i] === part);
        const match = api ? matchRoute(deps.routes, incoming.method, incoming.segments.slice(2)) : undefined;
        const routeName =
          match?.kind === "found" ? match.route.name : isAttachment(incoming) ? "attachment" : "unknown";
        const path = `/${incoming.segments.join("/")}`;
        const params = match?.kind === "found" ? match.params : {};
        const held = deps.hold?.(routeName, params);
        if (held !== undefined) await held;
        const limited =
          deps.rateLimit && rateLimitReply(windows, deps.rateLimit, incoming.method, routeName, params);
        const answer =
          limited?.reply ??
          deps.failures.take(incoming.method, path, routeName) ??
          respond(deps.state, incoming, match);
        if (limited) answer.headers = { ...answer.headers, ...limited.headers };
        deps.calls.record({
          method: incoming.method,
          path,
          query: Object.fromEntries(incoming.url.searchParams),
          route: routeName,
          params: match?.kind === "found" ? match.params : {},
          headers: flattenHeaders(req),
          json: incoming.body?.json,
          files: incoming.body?.files ?? [],
          status: answer.status,
          response: answer.body,
          receivedAt,
        });
        send(res, answer);
      })
      .catch((error: unknown) => send(res, discordErrors.internal(String(error))));
  };
}

async function read(req: IncomingMessage, origin: string): Promise<Incoming> {
  const url = new URL(req.url ?? "/", origin);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = await parseRequestBody(req.headers["content-type"], Buffer.concat(chunks)).catch(
    () => undefined,
  );
  return {
    method: (req.method ?? "GET").toUpperCase(),
    url,
    // discord.js percent-encodes `@original`; keep paths readable for tests.
    segments: url.pathname.split("/").filter(Boolean).map(decodeSegment),
    authorization: req.headers.authorization,
    body,
  };
}

/** The answer when no failure was scheduled: bad body, attachment bytes, 404/405, 401, or the route's. */
function respond(
  state: FakeState,
  incoming: Incoming,
  match: RouteMatch | undefined,
): RouteReply & { bytes?: Buffer } {
  const { body } = incoming;
  if (body === undefined) return discordErrors.invalidJson();
  if (match?.kind !== "found") {
    const id = incoming.segments[2] ?? "";
    const attachment = isAttachment(incoming)
      ? (state.messages.attachment(id) ?? state.uploads.get(id))
      : undefined;
    if (attachment !== undefined) {
      return { status: 200, headers: { "content-type": attachment.contentType }, bytes: attachment.bytes };
    }
    if (match?.kind === "method-not-allowed")
      return { status: 405, body: { message: "405: Method Not Allowed", code: 0 } };
    return discordErrors.notFound();
  }
  if (match.route.auth && incoming.authorization !== `Bot ${state.token}`)
    return discordErrors.unauthorized();
  return match.route.handle({
    method: incoming.method,
    params: match.params,
    query: incoming.url.searchParams,
    json: body.json,
    files: body.files,
  });
}

/**
 * Discord's per-route buckets: one per route and major parameter (webhook token, channel), with
 * the headers discord.js reads to pace itself, and a 429 once the bucket is empty.
 */
function rateLimitReply(
  windows: ReturnType<typeof createRateWindows>,
  rule: RateLimit,
  method: string,
  route: string,
  params: Record<string, string>,
): { reply?: RouteReply; headers: Record<string, string> } | undefined {
  if (route === "gatewayBot" || route === "unknown" || route === "attachment") return undefined;
  const major = params["token"] ?? params["channelId"] ?? params["applicationId"] ?? "";
  const bucket = `${method}:${route}:${major}`;
  const decision = windows.take(bucket, rule);
  const resetAfter = (decision.resetAfterMs / 1000).toFixed(3);
  const headers = {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(Math.max(0, decision.remaining)),
    "x-ratelimit-reset": ((Date.now() + decision.resetAfterMs) / 1000).toFixed(3),
    "x-ratelimit-reset-after": resetAfter,
    "x-ratelimit-bucket": Buffer.from(`${method}:${route}`).toString("hex").slice(0, 16),
  };
  if (decision.allowed) return { headers };
  return {
    headers: { ...headers, "retry-after": resetAfter, "x-ratelimit-scope": "user" },
    reply: {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: Number(resetAfter), global: false },
    },
  };
}

/** `GET /attachments/{channel}/{attachment}/{filename}`: where attachment URLs point. */
function isAttachment(incoming: Incoming): boolean {
  return (
    incoming.method === "GET" && incoming.segments[0] === "attachments" && incoming.segments.length === 4
  );
}

function send(res: ServerResponse, answer: RouteReply & { bytes?: Buffer }): void {
  if (answer.bytes !== undefined) res.writeHead(answer.status, answer.headers).end(answer.bytes);
  else if (answer.body === undefined)
    res.writeHead(answer.status === 200 ? 204 : answer.status, answer.headers).end();
  else {
    res
      .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
      .end(JSON.stringify(answer.body));
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
