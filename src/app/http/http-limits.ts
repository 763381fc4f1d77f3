/**
 * Bounds on the bot's HTTP server, so that slow or numerous connections cannot hold its memory.
 * Node's own defaults (60 s for headers, 5 min for a request, no connection cap, timeouts looked
 * for every 30 s) let a few hundred trickling clients stay connected for minutes.
 */
export interface HttpLimits {
  /** Time for a request's headers to arrive. */
  readonly headersTimeoutMs: number;
  /** Time for a whole request to arrive, body included (408 and closed after). */
  readonly requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once; further ones are closed as they arrive. */
  readonly maxConnections: number;
  /** How often connections are checked against the two request timeouts. */
  readonly timeoutCheckIntervalMs: number;
}

/**
 * Slack and Discord send small requests and expect an answer within 3 s; health checks and
 * scrapes are smaller still. 256 connections of at most 256 KB of body each stay within ~64 MB.
 */
export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  timeoutCheckIntervalMs: 1_000,
};
