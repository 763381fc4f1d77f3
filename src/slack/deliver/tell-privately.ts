import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { readSlackErrorCode } from "./read-slack-error-code.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/** Where a private answer goes. */
export interface PrivateTarget {
  readonly channelId: string;
  readonly userId: string;
  /** Shows the answer inside this thread when the request came from one. */
  readonly threadTs?: string;
  /** A slash command's `response_url` reply; works even where the bot is not a member. */
  readonly respond?: (text: string) => Promise<unknown>;
}

/** A function that shows one person a sentence only they can see. Never throws. */
export type TellPrivately = (text: string) => Promise<void>;

/**
 * Builds the private answer for one request: `chat.postEphemeral`, and when Slack refuses that
 * (the bot is not in the channel) the slash command's `response_url`. Failures are logged only:
 * there is nowhere left to tell the person.
 */
export function createTellPrivately(
  client: Pick<webApi.WebClient, "chat">,
  target: PrivateTarget,
  log: Logger,
): TellPrivately {
  return async (sentence) => {
    const text = toSlackText(sentence);
    try {
      await client.chat.postEphemeral({
        channel: target.channelId,
        user: target.userId,
        text,
        ...(target.threadTs && { thread_ts: target.threadTs }),
      });
      return;
    } catch (error) {
      if (!target.respond) {
        log.warn({ slackError: readSlackErrorCode(error) }, "could not show a private answer");
        return;
      }
    }
    try {
      await target.respond(text);
    } catch (error) {
      log.warn({ err: error }, "could not show a private answer through response_url either");
    }
  };
}
