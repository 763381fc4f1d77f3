import type { App } from "@slack/bolt";
import type { AskContext } from "./ask-context.ts";
import { isDirectMessageChannel } from "./build-actor.ts";
import { handleAsk } from "./handle-ask.ts";
import { readableMentions, readPromptText } from "./read-prompt-text.ts";
import { showHistory } from "./show-history.ts";
import { showUsage } from "./show-usage.ts";
import { adminPrefix } from "./parse-admin-command.ts";
import { showAdmin } from "./show-admin.ts";

/** The slash command, as named in slack/manifest.yml. */
export const slashCommand = "/imagine";

/** `/imagine history`, in any case: the person's last jobs instead of a prompt. */
const historyCommand = /^history$/i;

/** `/imagine usage`, in any case: what the person (and an admin's workspace) made and spent. */
const usageCommand = /^usage$/i;

/**
 * `/imagine a lighthouse --n 2`: acknowledged at once (Slack waits 3 s), then a visible message
 * naming who asked starts the thread the job answers in. `/imagine history` answers privately
 * with the person's last jobs, `/imagine usage` with what they made and spent. Slack does not retry slash commands.
 */
export function listenForSlashCommand(app: App, context: AskContext): void {
  app.command(slashCommand, async ({ command, ack, respond }) => {
    try {
      await ack();
      const asker = {
        teamId: command.team_id,
        userId: command.user_id,
        channelId: command.channel_id,
        isDirectMessage: isDirectMessageChannel(command.channel_id),
      };
      const reply = (text: string) => respond({ response_type: "ephemeral", text });
      const text = readPromptText(command.text);
      if (historyCommand.test(text)) return await showHistory(asker, reply, context);
      if (usageCommand.test(text)) return await showUsage(asker, reply, context);
      if (adminPrefix.test(text)) {
        return await showAdmin(asker, text.replace(adminPrefix, ""), reply, context);
      }
      await handleAsk({ ...asker, text: readableMentions(text), respond: reply }, context);
    } catch (error) {
      context.log.error({ err: error }, "slash command listener failed");
    }
  });
}
