import { Routes, type REST } from "discord.js";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import { messagesFor } from "../../core/i18n/messages.ts";
import { pickLocale } from "../../core/i18n/locales.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { describeForDiscord } from "../render/describe-for-discord.ts";
import { retryButtons } from "../render/job-buttons.ts";
import type { DiscordPayload } from "../render/render-view.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";
import { tokenLifetimeMs } from "./create-reply-sink.ts";
import { postToChannel } from "./post-to-channel.ts";

export interface CloseInterruptedContext {
  /** The bot's REST, for the interaction's webhook and the channel. */
  readonly rest: REST;
  readonly now: () => number;
  readonly log: Logger;
}

/**
 * Tells the person a restart killed their job, in the language recorded with it: the
 * interaction's reply is edited while its token lives, else (or when that fails) a channel
 * message mentions them; both with Retry.
 */
export async function closeInterrupted(job: JobRecord, context: CloseInterruptedContext): Promise<void> {
  const messages = messagesFor(pickLocale(job.messageRefs.locale));
  const payload: DiscordPayload = {
    content: `⚠️ ${describeForDiscord(new ImagineError("interrupted"), messages)}`,
    files: [],
    buttons: retryButtons(job.id, messages),
  };
  const { applicationId, token, interactionAt } = job.messageRefs;
  const log = context.log.child({ jobId: job.id });
  if (applicationId && token && context.now() - Number(interactionAt) < tokenLifetimeMs) {
    const message = toDiscordMessage(payload.content, [], payload.buttons);
    try {
      await context.rest.patch(Routes.webhookMessage(applicationId, token, "@original"), {
        body: {
          content: message.content,
          components: message.components,
          // An edit keeps the reply's files unless told otherwise: drop the preview of the lost image.
          attachments: [],
          allowed_mentions: { parse: [] },
        },
        auth: false,
      });
      log.info("told the person their job was interrupted");
      return;
    } catch (error) {
      log.info({ error: summarizeError(error) }, "the reply can't be edited; posting in the channel");
    }
  }
  await postToChannel(context.rest, { channelId: job.channelId, userId: job.userId, mention: true }, payload);
  log.info("told the person in the channel that their job was interrupted");
}
