import { App, HTTPReceiver } from "@slack/bolt";
import type { BoltApp, BoltAppOptions } from "./create-bolt-app.ts";
import { createHttpListener, eventsPath } from "./create-http-listener.ts";

/**
 * Bolt over HTTP on the bot's own server: the HTTPReceiver is never started (it would listen on
 * a port of its own); the App's constructor `init`s it, and the listener in front of it is handed
 * to the bot's HTTP server. That listener caps the body and checks signature and timestamp with
 * the bot's clock, so Bolt's own check (which buffers up to 4 MB first, and lets through
 * timestamps from the future) is off.
 */
export function createHttpModeApp(signingSecret: string, options: BoltAppOptions): BoltApp {
  const { slack, logger, clientOptions } = options;
  const receiver = new HTTPReceiver({
    signingSecret,
    signatureVerification: false,
    endpoints: eventsPath,
    logger,
  });
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
    httpListener: createHttpListener({
      receiver,
      signingSecret,
      isReady: () => ready,
      log: options.log,
      now: options.now,
    }),
  };
}
