// Codes of a request that never got an answer: the host could not be found, reached or talked to.
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * The network code (`ECONNREFUSED`, `ENOTFOUND`, …) when `error` means the network failed rather
 * than the server answering no, else undefined. Libraries wrap the socket's error: it is looked
 * for along `cause` (undici, discord.js) and `original` (Slack's WebClient).
 */
export function readNetworkFailure(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, cause, original } = current as { code?: unknown; cause?: unknown; original?: unknown };
    if (typeof code === "string" && networkCodes.has(code)) return code;
    current = cause ?? original;
  }
  return undefined;
}
