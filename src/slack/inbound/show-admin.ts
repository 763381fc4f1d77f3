import type { MessageKey, MessageValues } from "../../core/i18n/messages.ts";
import { describeAdminAnswer } from "../../core/settings/describe-settings.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import { parseAdminCommand } from "./parse-admin-command.ts";
import { adminWordsOnSlack } from "../render/admin-words.ts";
import { escapeSlackText } from "../render/escape-text.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/**
 * `/imagine admin …`: a workspace's settings, shown or changed, answered privately in the admin's
 * language with everything now in force. The core checks that they administer the workspace (or
 * are an operator). Never throws.
 */
export async function showAdmin(
  asker: SlackAsker,
  text: string,
  respond: (text: string) => Promise<unknown>,
  context: AskContext,
): Promise<void> {
  const log = context.log.child({ userId: asker.userId, channelId: asker.channelId });
  const messages = await context.locales.messagesFor(asker.userId);
  // A refusal is plain text, and may quote what was typed: its `<`, `>` and `&` are shown as
  // written (the usage line's `<key>`), not read by Slack as markup.
  const refusal = ({ key, values }: { key: MessageKey; values?: MessageValues }) =>
    toSlackText(escapeSlackText(messages.t(key, values)));
  try {
    const command = parseAdminCommand(text);
    if ("problem" in command) {
      await respond(refusal(command.problem));
      return;
    }
    const answer = await context.imagine.administer(
      buildActor(asker, context.usergroups, context.admins),
      command,
    );
    await respond(
      "refused" in answer
        ? refusal(answer.refused)
        : toSlackText(describeAdminAnswer(answer, adminWordsOnSlack, messages)),
    );
  } catch (error) {
    log.error({ err: error }, "answering /imagine admin failed");
    await respond(messages.t("admin:failed")).catch((respondError: unknown) =>
      log.warn({ err: respondError }, "could not answer /imagine admin"),
    );
  }
}
