import { STATUS_CODES } from "node:http";
import type { RESTOptions } from "discord.js";
import { Headers, request, type Dispatcher } from "undici";
import { toUndiciBody } from "../../kit/create-undici-fetch.ts";

type MakeRequest = NonNullable<RESTOptions["makeRequest"]>;

/**
 * discord.js's REST transport on our undici, with a connection pool of its own. discord.js's own
 * strategy uses its bundled undici 6 through the global dispatcher that undici 7 (ours) shares,
 * which breaks every upload ("action is not a function"); Node's `fetch` works but spends several
 * times the CPU per request on web streams, which a burst of edits feels.
 */
export function createMakeRequest(dispatcher: Dispatcher): MakeRequest {
  return async (url, init) => {
    const response = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: init.headers as Record<string, string>,
      body: toUndiciBody(init.body),
      signal: init.signal ?? undefined,
      dispatcher,
    });
    return {
      body: response.body,
      arrayBuffer: () => response.body.arrayBuffer(),
      json: () => response.body.json(),
      text: () => response.body.text(),
      get bodyUsed() {
        return response.body.bodyUsed;
      },
      headers: new Headers(response.headers as Record<string, string>),
      status: response.statusCode,
      statusText: STATUS_CODES[response.statusCode] ?? "",
      ok: response.statusCode >= 200 && response.statusCode < 300,
    } as unknown as Awaited<ReturnType<MakeRequest>>;
  };
}
