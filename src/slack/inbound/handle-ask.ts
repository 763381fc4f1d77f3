import { ImagineError } from "../../core/errors/errors.ts";
import type { RawRequest } from "../../core/requests/request.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { FlagError, parseFlags } from "./parse-flags.ts";
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
}

/**
 * Reads the flags, submits to the core and shows the outcome: refusals privately, an accepted
 * job in its thread. Never throws (it runs inside Bolt listeners).
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
  try {
    let request: RawRequest;
    try {
      request = parseFlags(ask.text);
    } catch (error) {
      if (!(error instanceof FlagError)) throw error;
      log.info({ reason: error.message }, "request refused: flags");
      context.observer.refused("slack", "invalid_request");
      await tell(error.message);
      return acknowledged();
    }
    const actor = buildActor(ask, context.usergroups, context.admins);
    await startInThread(
      context,
      {
        channelId: ask.channelId,
        userId: ask.userId,
        ...(ask.threadTs && { threadTs: ask.threadTs }),
        tell,
        log,
        acknowledged,
      },
      (openSink, messageRefs) => context.imagine.submit({ request, actor, openSink, messageRefs }),
    );
  } catch (error) {
    log.error({ err: error }, "handling a Slack request failed");
    await tell(describeForSlack(new ImagineError("internal")));
  }
}
