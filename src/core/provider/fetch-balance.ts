import { request, type Dispatcher } from "undici";
import { z } from "zod";
import { readNetworkFailure } from "../../kit/read-network-failure.ts";
import type { CometApiBalance } from "../money/balance.ts";

/** Longest wait for the balance service's answer, and between two parts of it. */
const timeoutMs = 30_000;

/**
 * Why the balance could not be read. Its message names the service's address but never the key,
 * nor the URL that carries it; the underlying error is not kept, since it may hold either.
 */
export class BalanceReadError extends Error {
  constructor(
    readonly reason: "unreachable" | "status" | "unreadable",
    message: string,
    details: { status?: number; code?: string } = {},
  ) {
    super(message);
    this.name = "BalanceReadError";
    this.status = details.status;
    this.code = details.code;
  }

  /** The HTTP status the service answered with, for reason "status". */
  readonly status: number | undefined;
  /** The network failure (`ECONNREFUSED`, `ENOTFOUND`…), for reason "unreachable", when known. */
  readonly code: string | undefined;
}

/** An amount of dollars: a number, or a number in a string. */
const dollars = z
  .union([z.number(), z.string().trim().min(1).transform(Number)])
  .pipe(z.number().refine(Number.isFinite));

/** The answer: the account's balance, and its keys (each read alone, anything else ignored). */
const quotaAnswer = z
  .object({
    total_quota: dollars,
    keys: z.array(z.unknown()).optional().catch(undefined),
  })
  .passthrough();

const quotaKey = z.object({ name: z.string(), remain_quota: dollars }).passthrough();

/** Where the balance of `key` is asked for; the key is URL-encoded in the query. */
function quotaUrl(quotaBaseUrl: string, key: string): string {
  return `${quotaBaseUrl.replace(/\/+$/, "")}/user/quota?key=${encodeURIComponent(key)}`;
}

/**
 * Reads the account's balance from CometAPI's balance query service,
 * `GET {quotaBaseUrl}/user/quota?key=…`: `total_quota` in US dollars, and each key's
 * `remain_quota` (-1: no limit, left undefined). A key entry without a name or an amount is left
 * out; one malformed entry does not spoil the others.
 * @param key COMETAPI_QUOTA_KEY, else COMETAPI_API_KEY: sent in the query and nowhere else.
 * @param now The bot's clock, which stamps the reading.
 * @throws BalanceReadError when the service cannot be reached, answers anything but 200, or
 *   answers something that is not a balance; its message never holds the key.
 */
export async function fetchBalance(
  quotaBaseUrl: string,
  key: string,
  dispatcher: Dispatcher,
  signal: AbortSignal,
  now: () => number,
): Promise<CometApiBalance> {
  const service = `CometAPI's balance service at ${quotaBaseUrl}`;
  let status: number;
  let text: string;
  try {
    const response = await request(quotaUrl(quotaBaseUrl, key), {
      dispatcher,
      signal,
      headers: { accept: "application/json" },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    // Not rethrown, nor kept as the cause: a library's error may quote the URL, key and all.
    const code = readNetworkFailure(error);
    const why = code ?? (signal.aborted ? "stopped" : "no answer");
    throw new BalanceReadError("unreachable", `could not reach ${service} (${why})`, {
      ...(code && { code }),
    });
  }
  if (status !== 200) {
    throw new BalanceReadError("status", `${service} answered HTTP ${status}`, { status });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const answer = quotaAnswer.safeParse(body);
  if (!answer.success) {
    // The body is not quoted: it might repeat the key.
    throw new BalanceReadError("unreadable", `${service} answered something that is not a balance`);
  }
  const keys: CometApiBalance["keys"][number][] = [];
  for (const raw of answer.data.keys ?? []) {
    const entry = quotaKey.safeParse(raw);
    if (!entry.success) continue;
    const remaining = entry.data.remain_quota;
    keys.push(
      remaining === -1 ? { name: entry.data.name } : { name: entry.data.name, remainingUsd: remaining },
    );
  }
  return { accountUsd: answer.data.total_quota, keys, readAt: now() };
}
