import type { RequestListener } from "node:http";
import type { Platform } from "./policy/actor.ts";

/**
 * A platform connection: translates its events into core submissions and renders job events
 * back. Built by the composition root with everything it needs already injected.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Connects and starts taking requests. */
  start(): Promise<void>;
  /** Whether it is connected and taking requests, for /readyz. */
  isReady(): boolean;
  /** Disconnects. Called after the core has finished or stopped every job. */
  stop(): Promise<void>;
  /** Requests that arrive on the bot's HTTP server and belong to this platform (Slack HTTP mode). */
  readonly httpListener?: RequestListener;
}
