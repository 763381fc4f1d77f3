import type { App } from "@slack/bolt";
import { isDirectMessageChannel } from "./build-actor.ts";
import { handleAsk, type AskContext } from "./handle-ask.ts";
import { readPromptText } from "./read-prompt-text.ts";

/** The slash command, as named in slack/manifest.yml. */
export const slashCommand = "/imagine";

/**
 * `/imagine a lighthouse --n 2`: acknowledged at once (Slack waits 3 s), then a visible message
 * naming who asked starts the thread the job answers in. Slack does not retry slash commands.
 */
export function listenForSlashCommand(app: App, context: AskContext): void {
  app.command(slashCommand, async ({ command, ack, respond }) => {
    try {
      await ack();
      await handleAsk(
        {
          teamId: command.team_id,
          userId: command.user_id,
          channelId: command.channel_id,
          isDirectMessage: isDirectMessageChannel(command.channel_id),
          text: readPromptText(command.text),
          respond: (text) => respond({ response_type: "ephemeral", text }),
        },
        context,
      );
    } catch (error) {
      context.log.error({ err: error }, "slash command listener failed");
    }
  });
}
