import { App, SocketModeReceiver } from "@slack/bolt";
import type { BoltApp, BoltAppOptions } from "./create-bolt-app.ts";
import { readSlackErrorCode } from "../deliver/read-slack-error-code.ts";
import { SlackStartError } from "./slack-start-error.ts";

/** Bolt over Socket Mode: the bot connects out to Slack; ready while the socket is open. */
export function createSocketModeApp(appToken: string, options: BoltAppOptions): BoltApp {
  const { slack, logger, clientOptions } = options;
  const receiver = new SocketModeReceiver({
    appToken,
    logger,
    // The API URL and the bot's transport, not the retries: the socket client keeps its own long
    // ones for apps.connections.open, so a reconnect outlasts a short Slack outage.
    installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl, fetch: clientOptions.fetch } },
  });
  let connected = false;
  receiver.client.on("connected", () => (connected = true));
  receiver.client.on("reconnecting", () => (connected = false));
  receiver.client.on("disconnected", () => (connected = false));
  const app = new App({ token: slack.botToken, receiver, logger, clientOptions, deferInitialization: true });

  return {
    app,
    async start() {
      await options.init(app);
      try {
        await app.start();
      } catch (error) {
        throw new SlackStartError(
          `Slack refused to open a Socket Mode connection (${readSlackErrorCode(error)}): check ` +
            "SLACK_APP_TOKEN (an app-level token, xapp-…, with the connections:write scope)",
          { cause: error },
        );
      }
    },
    async stop() {
      await app.stop();
    },
    isReady: () => connected,
  };
}
