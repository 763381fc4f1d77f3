import { ImagineError } from "../../core/errors/errors.ts";
import type { AskContext } from "./ask-context.ts";
import { deleteOnClick } from "./delete-on-click.ts";
import { followInThread } from "./follow-in-thread.ts";
import { openVaryModal } from "./open-vary-modal.ts";
import type { ButtonClick } from "./read-button-click.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";

/**
 * Acts on a click on a job's button, for the person who clicked: Reroll, Bigger and Retry start a
 * new job in the clicked message's thread, Vary opens a modal, Delete removes the job. Refusals
 * are told privately in that thread, in the clicker's language. Never throws (it runs inside a
 * Bolt listener).
 */
export async function handleButton(click: ButtonClick, context: AskContext): Promise<void> {
  const { action } = click;
  if (action !== "vary" && action !== "delete") return followInThread({ ...click, action }, context);
  const { channelId, userId, threadTs, jobId } = click;
  const log = context.log.child({ userId, channelId, jobId, action });
  const tell = createTellPrivately(context.client, { channelId, userId, threadTs }, log);
  const speaking = context.locales.messagesFor(userId);
  try {
    const messages = await speaking;
    if (action === "vary") await openVaryModal(click, context, { tell, messages, log });
    else await deleteOnClick(click, context, { tell, messages, log });
  } catch (error) {
    log.error({ err: error }, "acting on a button failed");
    await tell(describeForSlack(new ImagineError("internal"), await speaking));
  }
}
