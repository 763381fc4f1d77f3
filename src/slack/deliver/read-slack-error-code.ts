import { webApi } from "@slack/bolt";

/**
 * A short code for why a Web API call failed: Slack's own error (`not_in_channel`), `ratelimited`
 * when the WebClient (or an upload) gave up waiting, `http_<status>` for a non-200 answer (upload
 * URLs answer that way), or `request_failed` when Slack could not be reached in time.
 */
export function readSlackErrorCode(error: unknown): string {
  if (typeof error !== "object" || error === null) return "request_failed";
  const coded = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (coded.code === webApi.ErrorCode.PlatformError && typeof coded.data?.error === "string") {
    return coded.data.error;
  }
  if (coded.code === webApi.ErrorCode.RateLimitedError) return "ratelimited";
  if (coded.code === webApi.ErrorCode.HTTPError && coded.statusCode === 429) return "ratelimited";
  if (coded.code === webApi.ErrorCode.HTTPError && typeof coded.statusCode === "number") {
    return `http_${coded.statusCode}`;
  }
  return "request_failed";
}
