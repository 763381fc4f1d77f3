import { ImagineError } from "../../core/errors/errors.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { readAskedRequest } from "./read-asked-request.ts";
import { startInThread } from "./start-in-thread.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";

/** One request read out of a Slack mention, direct message or slash command. */
export interface SlackAsk extends SlackAsker {
  /** What the person typed: the bot's mention removed, Slack's escaping undone. */
  readonly text: string;
  /** The thread to answer in; absent for a slash command, which starts its own. */
  readonly threadTs?: string;
  /** The thread the request was typed in, if any: private answers show there. */
  readonly typedInThreadTs?: string;
  /** A slash command's private reply through its `response_url`. */
  readonly respond?: (text: string) => Promise<unknown>;
  /** The message's `files` as Slack sent them: the first image makes the request an edit of it. */
  readonly files?: unknown;
}

/**
 * Reads the flags (and the image to edit, if the message carries one), submits to the core and
 * shows the outcome in the person's language: refusals privately, an accepted job in its thread.
 * Never throws (it runs inside Bolt listeners).
 */
export async function handleAsk(ask: SlackAsk, context: AskContext): Promise<void> {
  const receivedAt = context.now();
  const acknowledged = () => context.observer.acknowledged("slack", context.now() - receivedAt);
  const log = context.log.child({ userId: ask.userId, channelId: ask.channelId });
  const tell = createTellPrivately(
    context.client,
    {
      channelId: ask.channelId,
      userId: ask.userId,
      ...(ask.typedInThreadTs && { threadTs: ask.typedInThreadTs }),
      ...(ask.respond && { respond: ask.respond }),
    },
    log,
  );
  // Looked up while the message is read; a language Slack is slow to tell is English.
  const speaking = context.locales.messagesFor(ask.userId);
  try {
    const asked = await readAskedRequest(ask, context.client, log);
    const messages = await speaking;
    if ("refusal" in asked) {
      context.observer.refused("slack", asked.code);
      await tell(asked.refusal(messages));
      return acknowledged();
    }
    const { request } = asked;
    const { inputAccess } = context;
    const actor = buildActor(ask, context.usergroups, context.admins);
    await startInThread(
      context,
      {
        channelId: ask.channelId,
        userId: ask.userId,
        messages,
        ...(ask.threadTs && { threadTs: ask.threadTs }),
        tell,
        log,
        acknowledged,
      },
      (openSink, messageRefs) =>
        context.imagine.submit({ request, actor, openSink, messageRefs, inputAccess }),
    );
  } catch (error) {
    log.error({ err: error }, "handling a Slack request failed");
    await tell(describeForSlack(new ImagineError("internal"), await speaking));
  }
}
