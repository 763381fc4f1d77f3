import type { RequestListener } from "node:http";
import type { App } from "@slack/bolt";
import type { Logger } from "pino";
import type { UndiciFetch } from "../../kit/create-undici-fetch.ts";
import { readNetworkFailure } from "../../kit/read-network-failure.ts";
import { createBoltLogger } from "./create-bolt-logger.ts";
import { createHttpModeApp } from "./create-http-mode-app.ts";
import { createSocketModeApp } from "./create-socket-mode-app.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { SlackStartError } from "./slack-start-error.ts";
import type { SlackSettings } from "../config.ts";

/**
 * Bounded retries for every Web API call of the bot: the WebClient's default keeps retrying for
 * about 30 minutes, which a person would see as a message hung forever. Rate limits (429 with
 * Retry-After) are still waited out, each wait counting as one retry.
 */
export const webApiRetries: WebApiRetries = { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 5000 };

/** The WebClient's retries: how many, and how far apart (ms, doubled by `factor` each time). */
export interface WebApiRetries {
  readonly retries: number;
  readonly factor: number;
  readonly minTimeout: number;
  readonly maxTimeout: number;
}

/** A Bolt App wired for the configured mode, with its lifecycle. */
export interface BoltApp {
  readonly app: App;
  /** Verifies the token (`auth.test`) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
  /** HTTP mode only: `/slack/events` for the bot's HTTP server. */
  readonly httpListener?: RequestListener;
}

/** What both modes are built from. */
export interface BoltAppOptions {
  readonly slack: SlackSettings;
  readonly log: Logger;
  readonly logger: ReturnType<typeof createBoltLogger>;
  /** The bot's clock, for the request timestamps of HTTP mode. */
  readonly now: () => number;
  readonly clientOptions: {
    readonly slackApiUrl: string;
    readonly retryConfig: WebApiRetries;
    /** The Web API's transport (and `respond`'s). */
    readonly fetch: UndiciFetch;
  };
  /** `app.init()` with its failure worded for the operator. */
  readonly init: (app: App) => Promise<void>;
}

async function initApp(app: App, apiUrl: string): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    const network = readNetworkFailure(error);
    const line = network
      ? `could not reach Slack at SLACK_API_URL=${apiUrl} (${network}): the network failed, not the token; check the network or SLACK_API_URL`
      : `Slack refused the bot token (${readSlackErrorCode(error)}): check SLACK_BOT_TOKEN`;
    throw new SlackStartError(line, { cause: error });
  }
}

/**
 * Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), else HTTP mode verified with
 * SLACK_SIGNING_SECRET. Both defer Bolt's initialization so `auth.test` runs in `start`, where its
 * failure is reported, not in the App's constructor as a promise nobody awaits.
 */
export function createBoltApp(
  slack: SlackSettings,
  log: Logger,
  now: () => number,
  fetch: UndiciFetch,
  retries: WebApiRetries = webApiRetries,
): BoltApp {
  const options: BoltAppOptions = {
    slack,
    log,
    logger: createBoltLogger(log.child({ component: "bolt" })),
    now,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: retries, fetch },
    init: (app) => initApp(app, slack.apiUrl),
  };
  if (slack.appToken) return createSocketModeApp(slack.appToken, options);
  if (slack.signingSecret) return createHttpModeApp(slack.signingSecret, options);
  throw new SlackStartError("set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)");
}
