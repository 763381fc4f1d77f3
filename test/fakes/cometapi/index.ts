import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createChanges, type WaitOptions } from "../../support/wait-until.ts";
import {
  defaultQuota,
  defaultUsage,
  type Behaviour,
  type ModelsBehaviour,
  type WireUsage,
} from "./behaviours.ts";
import { missingEditPart, readBody, type RecordedFile } from "./read-body.ts";

export { defaultQuota, type Behaviour, type ModelsBehaviour } from "./behaviours.ts";
export type { RecordedFile } from "./read-body.ts";

/** Which images route a request was for: `/images/generations`, `/images/edits`, or neither. */
export type Route = "generations" | "edits" | "unknown";

/** One request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: Route;
  readonly headers: IncomingMessage["headers"];
  /** The JSON body; for a multipart body (an edit), its text fields, as the strings they were sent as. */
  readonly body: Record<string, unknown>;
  /** A multipart body's files by field name (`image`, `mask`); empty for JSON. */
  readonly files: Readonly<Record<string, RecordedFile>>;
  readonly receivedAt: number;
}

/** One `GET /user/quota` the fake received. */
export interface QuotaRead {
  /** The path and query exactly as they arrived, still URL-encoded. */
  readonly target: string;
  /** The `key` query parameter, decoded; null when there was none. */
  readonly key: string | null;
  readonly headers: IncomingMessage["headers"];
  readonly receivedAt: number;
}

export interface FakeCometApi {
  /** Base URL ending in /v1, for COMETAPI_BASE_URL. */
  readonly baseUrl: string;
  /** The fake's origin (no /v1), for COMETAPI_QUOTA_URL: its balance query service is here too. */
  readonly quotaUrl: string;
  readonly requests: RecordedRequest[];
  /**
   * Answers for the next image requests, generations and edits alike, in order; after them,
   * `fallback` answers. An edit streams `image_edit.*` events where a generation streams
   * `image_generation.*`.
   */
  enqueue(...behaviours: Behaviour[]): void;
  fallback: Behaviour;
  /**
   * Serves bytes at a URL of the fake, for `url` answers; `status`/`contentType` to misbehave,
   * `stallAfterBytes` to send that much of the body and then nothing more (the connection stays open).
   */
  serveFile(bytes: Buffer, options?: FileOptions): string;
  /** Resolves when `count` requests have arrived; rejects after the timeout (10 s by default). */
  waitForRequests(count: number, opts?: WaitOptions): Promise<void>;
  /** How `GET /v1/models` answers (the bot's key check); the model list by default. */
  models: ModelsBehaviour;
  /**
   * CometAPI's public catalog (`GET /api/models`, no key), as its body: by default gpt-image-1 at
   * $5 in and $40 out per million tokens, dall-e-3 at $0.04 a request. A number is answered as
   * that HTTP status with no catalog.
   */
  catalog: unknown;
  /** The `GET /api/models` requests, with their headers (no key should be among them). */
  readonly catalogReads: RecordedRequest[];
  /**
   * What the balance query service (`GET /user/quota?key=…`) answers, as its body: by default
   * {@link defaultQuota} ($2,105.23; key `tts_test` with $8.93 left, key `x` unlimited). A number
   * is answered as that HTTP status with an error body that repeats the key it was given.
   */
  quota: unknown;
  /** The `GET /user/quota` requests, in order. */
  readonly quotaReads: QuotaRead[];
  /** Resolves when `count` balance reads have arrived; rejects after the timeout (10 s by default). */
  waitForQuotaReads(count: number, opts?: WaitOptions): Promise<void>;
  /** The `GET /v1/models` requests, kept apart from `requests` (the image calls). */
  readonly modelChecks: RecordedRequest[];
  /** Resolves when `count` model-list requests have arrived; rejects after the timeout (10 s by default). */
  waitForModelChecks(count: number, opts?: WaitOptions): Promise<void>;
  close(): Promise<void>;
}

/** How the fake serves one file. */
export interface FileOptions {
  readonly status?: number;
  readonly contentType?: string;
  readonly redirectTo?: string;
  readonly stallAfterBytes?: number;
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE events of one route: OpenAI names them `image_generation.*` and `image_edit.*`. */
interface RouteEvents {
  partial(image: Buffer, index: number): string;
  completed(image: Buffer, usage: WireUsage | null): string;
}

function eventsOf(route: Route): RouteEvents {
  const prefix = route === "edits" ? "image_edit" : "image_generation";
  return {
    partial: (image, index) =>
      sse(`${prefix}.partial_image`, {
        type: `${prefix}.partial_image`,
        b64_json: image.toString("base64"),
        partial_image_index: index,
        output_format: "png",
      }),
    completed: (image, usage) =>
      sse(`${prefix}.completed`, {
        type: `${prefix}.completed`,
        b64_json: image.toString("base64"),
        output_format: "png",
        ...(usage && { usage }),
      }),
  };
}

const routes: Readonly<Record<string, Route>> = {
  "/v1/images/generations": "generations",
  "/v1/images/edits": "edits",
};

function errorBody(code = "", message = "error", type = "comet_api_error") {
  return { error: { message: `${message} (request id: 20261125000000000000000)`, type, param: "", code } };
}

/** The catalog the fake publishes unless a test sets another. */
export const defaultCatalog = {
  data: [
    { id: "gpt-image-1", pricing: { input: 5, output: 40 } },
    { id: "dall-e-3", pricing: { per_request: 0.04 } },
    { id: "gpt-4o", pricing: { input: "2.5", output: "10" } },
    { id: "a-model-without-a-price" },
  ],
};

/** A CometAPI look-alike on 127.0.0.1 that answers each request the way the test scripted. */
export async function startFakeCometApi(): Promise<FakeCometApi> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const modelChecks: RecordedRequest[] = [];
  const catalogReads: RecordedRequest[] = [];
  const quotaReads: QuotaRead[] = [];
  const files = new Map<
    string,
    { bytes: Buffer; status: number; contentType: string; redirectTo?: string; stallAfterBytes?: number }
  >();
  const sockets = new Set<Socket>();
  const arrivals = createChanges();
  let fileCount = 0;

  async function streamAnswer(
    response: ServerResponse,
    behaviour: Extract<Behaviour, { kind: "stream" }>,
    events: RouteEvents,
  ) {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const write = async (text: string) => {
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      if (behaviour.heartbeats) response.write(": keep-alive\n\n");
      response.write(text);
    };
    const partials = behaviour.partials.map((image, index) => events.partial(image, index));
    const usage = behaviour.usage === undefined ? defaultUsage : behaviour.usage;
    const finals = behaviour.images.map((image) => events.completed(image, usage));
    const order = behaviour.finalFirst ? [...finals, ...partials] : partials;
    for (const text of order) await write(text);
    if (!behaviour.finalFirst) {
      await behaviour.holdBeforeFinal;
      for (const text of finals) await write(text);
    }
    if (behaviour.done ?? true) response.write("data: [DONE]\n\n");
    response.end();
  }

  async function answer(
    request: IncomingMessage,
    response: ServerResponse,
    behaviour: Behaviour,
    events = eventsOf("generations"),
  ) {
    switch (behaviour.kind) {
      case "json": {
        if (behaviour.delayMs) await sleep(behaviour.delayMs);
        const data = behaviour.images.map((image, index) =>
          behaviour.as === "url"
            ? { url: behaviour.urls?.[index] ?? fake.serveFile(image) }
            : { b64_json: image.toString("base64"), revised_prompt: null },
        );
        const count = behaviour.images.length;
        const usage =
          behaviour.usage === undefined
            ? {
                input_tokens: defaultUsage.input_tokens,
                output_tokens: defaultUsage.output_tokens * count,
                total_tokens: defaultUsage.input_tokens + defaultUsage.output_tokens * count,
              }
            : behaviour.usage;
        response.writeHead(200, { "content-type": "application/json" });
        return response.end(JSON.stringify({ created: 1764028800, data, ...(usage && { usage }) }));
      }
      case "stream":
        return streamAnswer(response, behaviour, events);
      case "error":
        response.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers });
        return response.end(
          behaviour.rawBody ?? JSON.stringify(errorBody(behaviour.code, behaviour.message, behaviour.type)),
        );
      case "stream-error":
        response.writeHead(200, { "content-type": "text/event-stream" });
        behaviour.partials.forEach((image, index) => response.write(events.partial(image, index)));
        response.write(
          sse(
            "error",
            errorBody(behaviour.code, behaviour.message, behaviour.type ?? "invalid_request_error"),
          ),
        );
        return response.end();
      case "drop":
        if (behaviour.when === "mid-stream") {
          response.writeHead(200, { "content-type": "text/event-stream" });
          (behaviour.partials ?? []).forEach((image, index) => response.write(events.partial(image, index)));
          // Let the events leave before the reset.
          await new Promise<void>((resolve) => response.write("", () => resolve()));
        }
        return request.socket.destroy();
      case "stall":
        if (behaviour.as === "stream") {
          response.writeHead(200, { "content-type": "text/event-stream" });
          (behaviour.partials ?? []).forEach((image, index) => response.write(events.partial(image, index)));
        }
        return;
      case "raw":
        response.writeHead(behaviour.status, behaviour.headers);
        return response.end(behaviour.body);
    }
  }

  /** Records a GET that carries no body (the key check, the catalog) where a test reads it. */
  function recordGet(list: RecordedRequest[], request: IncomingMessage, url: URL): void {
    list.push({
      method: "GET",
      path: url.pathname,
      route: "unknown",
      headers: request.headers,
      body: {},
      files: {},
      receivedAt: Date.now(),
    });
    arrivals.changed();
  }

  const server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const file = url.pathname.startsWith("/files/") ? files.get(url.pathname) : undefined;
    if (file) {
      if (file.redirectTo) {
        response.writeHead(302, { location: file.redirectTo }).end();
        return;
      }
      response.writeHead(file.status, {
        "content-type": file.contentType,
        "content-length": file.bytes.length,
      });
      if (file.stallAfterBytes !== undefined) response.write(file.bytes.subarray(0, file.stallAfterBytes));
      else response.end(file.bytes);
      return;
    }
    if (request.method === "GET" && url.pathname === "/api/models") {
      recordGet(catalogReads, request, url);
      if (typeof fake.catalog === "number") {
        response.writeHead(fake.catalog).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(fake.catalog));
      return;
    }
    if (request.method === "GET" && url.pathname === "/user/quota") {
      const key = url.searchParams.get("key");
      quotaReads.push({ target: request.url ?? "", key, headers: request.headers, receivedAt: Date.now() });
      arrivals.changed();
      if (typeof fake.quota === "number") {
        response.writeHead(fake.quota, { "content-type": "application/json" });
        response.end(JSON.stringify({ success: false, message: `no such key: ${key ?? ""}` }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(fake.quota));
      return;
    }
    if (request.method === "GET" && url.pathname === "/v1/models") {
      recordGet(modelChecks, request, url);
      const behaviour = fake.models;
      if (behaviour.kind !== "list") {
        await answer(request, response, behaviour);
        return;
      }
      const ids = behaviour.ids ?? ["gpt-image-1", "dall-e-3"];
      const data = ids.map((id) => ({ id, object: "model", created: 1764028800, owned_by: "openai" }));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ object: "list", data }));
      return;
    }
    const read = await readBody(request);
    const route = (request.method === "POST" && routes[url.pathname]) || "unknown";
    requests.push({
      method: request.method ?? "",
      path: url.pathname,
      route,
      headers: request.headers,
      body: read.body,
      files: read.files,
      receivedAt: Date.now(),
    });
    arrivals.changed();
    if (route === "unknown") {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify(errorBody("not_found", "Invalid URL")));
      return;
    }
    const missing = route === "edits" ? missingEditPart(read) : undefined;
    if (missing) {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(
        JSON.stringify(errorBody("", `Missing required parameter: '${missing}'.`, "invalid_request_error")),
      );
      return;
    }
    try {
      await answer(request, response, queue.shift() ?? fake.fallback, eventsOf(route));
    } catch {
      request.socket.destroy();
    }
  }
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeCometApi = {
    baseUrl: `${origin}/v1`,
    quotaUrl: origin,
    requests,
    fallback: { kind: "error", status: 500, message: "no behaviour scripted" },
    enqueue: (...behaviours) => void queue.push(...behaviours),
    serveFile(bytes, options = {}) {
      const path = `/files/${++fileCount}.png`;
      files.set(path, {
        bytes,
        status: options.status ?? 200,
        contentType: options.contentType ?? "image/png",
        ...(options.redirectTo && { redirectTo: options.redirectTo }),
        ...(options.stallAfterBytes !== undefined && { stallAfterBytes: options.stallAfterBytes }),
      });
      return `${origin}${path}`;
    },
    waitForRequests: (count, opts) =>
      arrivals.until(() => requests.length >= count, `${count} image request(s)`, opts),
    models: { kind: "list" },
    catalog: defaultCatalog,
    catalogReads,
    quota: structuredClone(defaultQuota),
    quotaReads,
    waitForQuotaReads: (count, opts) =>
      arrivals.until(() => quotaReads.length >= count, `${count} balance read(s)`, opts),
    modelChecks,
    waitForModelChecks: (count, opts) =>
      arrivals.until(() => modelChecks.length >= count, `${count} model-list request(s)`, opts),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
