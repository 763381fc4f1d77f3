import { App, HTTPReceiver } from "@slack/bolt";
import type { BoltApp, BoltAppOptions } from "./create-bolt-app.ts";
import { createHttpListener, eventsPath } from "./create-http-listener.ts";

/**
 * Bolt over HTTP on the bot's own server: the HTTPReceiver is never started (it would listen on
 * a port of its own); the App's constructor `init`s it, and its request listener is handed to the
 * bot's HTTP server. Signature and timestamp checks stay on, as Bolt's defaults.
 */
export function createHttpModeApp(signingSecret: string, options: BoltAppOptions): BoltApp {
  const { slack, logger, clientOptions } = options;
  const receiver = new HTTPReceiver({ signingSecret, endpoints: eventsPath, logger });
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, deferInitialization: true });
  let ready = false;

  return {
    app,
    async start() {
      await options.init(app);
      ready = true;
    },
    async stop() {
      ready = false;
    },
    isReady: () => ready,
    httpListener: createHttpListener(receiver, () => ready, options.log),
  };
}
