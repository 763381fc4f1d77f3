import { request, type Dispatcher } from "undici";
import { readNetworkFailure } from "../../kit/read-network-failure.ts";
import type { AccessCheck } from "./types.ts";

export interface CheckModelsOptions {
  readonly apiKey: string;
  /** API base ending in /v1. */
  readonly baseUrl: string;
  readonly dispatcher: Dispatcher;
  /** Longest wait for the answer. */
  readonly timeoutMs: number;
  /** Aborts the call (shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * Asks `GET {baseUrl}/models` (OpenAI-compatible, free, makes no image) whether the key and the
 * base URL work. Never throws: every outcome is an `AccessCheck`.
 */
export async function checkModels(options: CheckModelsOptions): Promise<AccessCheck> {
  const url = `${options.baseUrl}/models`;
  try {
    const response = await request(url, {
      method: "GET",
      dispatcher: options.dispatcher,
      headers: { authorization: `Bearer ${options.apiKey}`, accept: "application/json" },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(options.signal && { signal: options.signal }),
    });
    // Only the status matters; the list itself is not used.
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true };
    if (status === 401 || status === 403) return { ok: false, problem: "key_refused", status };
    if (status === 404) return { ok: false, problem: "not_found", status };
    return { ok: false, problem: "unexpected_status", status };
  } catch (error) {
    const code = readNetworkFailure(error) ?? (error as { code?: unknown }).code;
    return { ok: false, problem: "unreachable", detail: typeof code === "string" ? code : String(error) };
  }
}
