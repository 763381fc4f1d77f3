import { STATUS_CODES } from "node:http";
import { FormData as UndiciFormData, Headers, request, type Dispatcher } from "undici";

/** The part of `fetch`'s init an SDK's transport passes. */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | FormData | null;
  readonly signal?: AbortSignal | null;
}

/** The part of a `Response` an SDK's transport reads. */
export interface FetchAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: Headers;
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** A `fetch` with only what an SDK's transport uses. */
export type UndiciFetch = (url: string | URL, init?: FetchInit) => Promise<FetchAnswer>;

/**
 * A request body an SDK built, as undici 7 can send it. SDKs build uploads as Node's own
 * FormData, which undici 7 cannot serialize: it is copied into undici's. Anything else (a
 * string, bytes) goes through as it is.
 */
export function toUndiciBody(body: unknown): Dispatcher.DispatchOptions["body"] {
  if (!(body instanceof FormData)) return (body ?? null) as Dispatcher.DispatchOptions["body"];
  const form = new UndiciFormData();
  for (const [name, value] of body) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, value.name);
  }
  return form as unknown as Dispatcher.DispatchOptions["body"];
}

/**
 * A `fetch` for SDKs that take one (Slack's WebClient), on undici's `request` through
 * `dispatcher`: Node's `fetch` spends several times the CPU per request on web streams, which a
 * burst of deliveries feels. Redirects are not followed (Slack's Web API never redirects, and the
 * WebClient refuses them). The answer's body is read whole before it resolves (Slack answers with
 * small JSON), so `text`, `json` and `arrayBuffer` may each be called, in any order.
 */
export function createUndiciFetch(dispatcher: Dispatcher): UndiciFetch {
  return async (url, init = {}) => {
    const response = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      ...(init.headers && { headers: init.headers }),
      body: toUndiciBody(init.body),
      signal: init.signal ?? undefined,
      dispatcher,
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    return {
      ok: response.statusCode >= 200 && response.statusCode < 300,
      status: response.statusCode,
      statusText: STATUS_CODES[response.statusCode] ?? "",
      url: String(url),
      headers,
      arrayBuffer: async () => new Uint8Array(bytes).buffer,
      json: async () => JSON.parse(bytes.toString("utf8")) as unknown,
      text: async () => bytes.toString("utf8"),
    };
  };
}
