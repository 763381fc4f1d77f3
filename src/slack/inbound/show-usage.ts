import { ImagineError } from "../../core/errors/errors.ts";
import { describeUsage } from "../../core/money/describe-usage.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { toSlackText } from "../render/to-slack-text.ts";

const slackWords = { platform: "slack" as const, bold: (text: string) => `*${text}*` };

/**
 * `/imagine usage`: the person's images and spend, and a workspace admin's workspace's, privately
 * and in their language.
 */
export async function showUsage(
  asker: SlackAsker,
  respond: (text: string) => Promise<unknown>,
  context: AskContext,
): Promise<void> {
  const log = context.log.child({ userId: asker.userId, channelId: asker.channelId });
  const speaking = context.locales.messagesFor(asker.userId);
  try {
    const report = await context.imagine.usage(buildActor(asker, context.usergroups, context.admins));
    await respond(toSlackText(describeUsage(report, slackWords, context.now(), await speaking)));
  } catch (error) {
    log.error({ err: error }, "showing the usage failed");
    await respond(describeForSlack(new ImagineError("internal"), await speaking)).catch(
      (respondError: unknown) => log.warn({ err: respondError }, "could not answer /imagine usage"),
    );
  }
}
