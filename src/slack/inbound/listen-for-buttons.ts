import type { App } from "@slack/bolt";
import type { AskContext } from "./ask-context.ts";
import { handleButton } from "./handle-button.ts";
import { readButtonClick } from "./read-button-click.ts";
import { buttonIdPattern } from "../../core/jobs/button-ids.ts";

/**
 * Clicks on the buttons under a job's last word (`imagine:<action>:<jobId>`): acknowledged at
 * once (Slack shows an error after 3 s), then acted on for the person who clicked.
 */
export function listenForButtons(app: App, context: AskContext): void {
  app.action(buttonIdPattern, async ({ ack, body, context: bolt }) => {
    try {
      await ack();
      const click = readButtonClick(body, bolt.teamId);
      if (!click) {
        context.log.warn({ type: body.type }, "ignored a click on a job's button outside a channel message");
        return;
      }
      await handleButton(click, context);
    } catch (error) {
      context.log.error({ err: error }, "button listener failed");
    }
  });
}
