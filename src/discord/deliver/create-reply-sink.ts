import type {
  Attachment,
  InteractionEditReplyOptions,
  InteractionReplyOptions,
  Message,
  REST,
} from "discord.js";
import type { Logger } from "pino";
import type { Messages } from "../../core/i18n/messages.ts";
import type { JobEvent, JobSink } from "../../core/jobs/job-events.ts";
import { createCoalescer } from "../../core/jobs/progress.ts";
import type { AcceptedJob } from "../../core/jobs/submission.ts";
import type { ProgressBudgets } from "./progress-budgets.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { deliverMessages, ReplyUnavailableError, type DeliveryRoutes } from "./deliver-messages.ts";
import { postToChannel } from "./post-to-channel.ts";
import { resultButtons, retryButtons } from "../render/job-buttons.ts";
import { renderResult } from "../render/render-result.ts";
import {
  renderView,
  sameFiles,
  samePayload,
  type DiscordPayload,
  type DiscordView,
} from "../render/render-view.ts";
import { summarizeError } from "../render/summarize-error.ts";
import { toDiscordMessage } from "../render/to-discord-message.ts";

/**
 * The reply a job is shown in: the interaction's own (`JobInteraction` is one), or the same reply
 * reached through the interaction's webhook by another instance (`createWebhookReply`).
 */
export interface JobReply {
  editReply(options: InteractionEditReplyOptions): Promise<Message>;
  followUp(options: InteractionReplyOptions): Promise<Message>;
  /** When Discord created the interaction: its token lives 15 minutes from then. */
  readonly createdTimestamp: number;
  /** The largest upload the interaction allows (boosts raise it); 0 when not known. */
  readonly attachmentSizeLimit: number;
  readonly channelId: string | null;
  /** Who asked: a channel message mentions them when the reply is out of reach. */
  readonly user: { readonly id: string };
}

export interface ReplySinkOptions {
  readonly interaction: JobReply;
  /** The job the core accepted for this interaction (or runs for it, on another instance). */
  readonly job: Pick<AcceptedJob, "jobId" | "request" | "note" | "spoiler">;
  /** The language of the person the job is for: every message of the job speaks it. */
  readonly messages: Messages;
  /** Whether the reply was deferred; when not, the result goes to the channel. */
  readonly deferred: boolean;
  /** The reply shows the job's place in line already (drawn by the instance that accepted it). */
  readonly queueShown?: boolean;
  /** For channel messages when the reply is out of reach. */
  readonly rest: REST;
  /** Progress edits and preview uploads across all jobs; the final edit does not draw on them. */
  readonly budgets: ProgressBudgets;
  readonly log: Logger;
  /** Least time between two progress edits (config.progressIntervalMs). */
  readonly intervalMs: number;
  /** How often the elapsed time on "Generating…" moves. */
  readonly tickMs: number;
  /** The bot's clock: elapsed seconds, the interaction token's age, the pace of edits. */
  readonly now: () => number;
}

/** An interaction token lives 15 minutes; stop relying on it a minute before. */
export const tokenLifetimeMs = 14 * 60_000;

/** Discord's upload cap without boosts, for an interaction that does not report its own. */
const defaultUploadCapBytes = 10 * 1024 * 1024;

/** One state of the reply: progress may be skipped when the reply is gone, the final one not. */
interface Frame {
  readonly payload: DiscordPayload;
  readonly final: boolean;
}

const toMessage = (payload: DiscordPayload) =>
  toDiscordMessage(payload.content, payload.files, payload.buttons);

/** The result's buttons go on its first message, the one with the caption. */
function withResultButtons(payloads: DiscordPayload[], jobId: string, messages: Messages): DiscordPayload[] {
  const [first, ...others] = payloads;
  if (!first || first.files.length === 0) return payloads;
  return [{ ...first, buttons: resultButtons(jobId, messages) }, ...others];
}

/**
 * Renders one job into the deferred reply of an `/imagine`: progress edits through the core's
 * coalescer, then the result. When the reply can't be used any more (never deferred, token
 * expired or gone, the final edit failing), the result goes to the channel as a message to the
 * person instead. The terminal event's promise resolves once its message has landed.
 */
export function createReplySink(options: ReplySinkOptions): JobSink {
  const { interaction, now, messages } = options;
  const { request, jobId } = options.job;
  const log = options.log.child({ jobId });
  let replyNoted = false;
  /** Other messages the result went out in (follow-ups, channel messages), for Delete. */
  const parts: string[] = [];
  const noteReply = (messageId: string) => {
    if (replyNoted) return;
    replyNoted = true;
    void options.job.note({ messageRefs: { replyId: messageId } });
  };
  const notePart = (messageId: string) => {
    parts.push(messageId);
    void options.job.note({ messageRefs: { partIds: parts.join(",") } });
  };
  /** Where Discord keeps the result's images, as the messages carrying them were posted. */
  const postedImages: string[] = [];
  const notePosted = (urls: Iterable<string>) => void postedImages.push(...urls);
  let startedAt: number | undefined;
  let preview: { index: number; image: ImageData } | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let toldQueued = options.queueShown ?? false;
  /** What the reply's attachments hold now, so an edit of the text alone need not upload them again. */
  let shown: { files: DiscordPayload["files"]; attachments: Attachment[] } | undefined;
  /** The progress last offered to the coalescer, for a hand-over to draw for good. */
  let lastProgress: DiscordPayload | undefined;

  function assertReplyUsable(): void {
    if (!options.deferred) throw new ReplyUnavailableError("it was never deferred");
    if (now() - interaction.createdTimestamp > tokenLifetimeMs) {
      throw new ReplyUnavailableError("its token is about to expire");
    }
  }

  const coalescer = createCoalescer<Frame>({
    intervalMs: options.intervalMs,
    now,
    same: (a, b) => samePayload(a.payload, b.payload),
    // A preview to upload draws on the upload budget first (by the MiB), then every edit on the edit budget.
    admit: ({ payload }) => {
      const uploads = shown && sameFiles(shown.files, payload.files) ? [] : payload.files;
      const mebibytes = Math.ceil(uploads.reduce((sum, file) => sum + file.data.length, 0) / 2 ** 20);
      if (mebibytes > 0 && !options.budgets.previewMebibytes.tryTake({ count: mebibytes })) return false;
      return options.budgets.edits.tryTake();
    },
    onError: (error) => log.warn({ error: summarizeError(error) }, "a progress edit failed"),
    render: async ({ payload, final }) => {
      try {
        assertReplyUsable();
      } catch (error) {
        if (final) throw error;
        return; // progress no one can see any more
      }
      if (shown && payload.files.length > 0 && sameFiles(shown.files, payload.files)) {
        // Only the text moved (the seconds): keep the attachments, upload nothing again.
        const message = await interaction.editReply({
          ...toDiscordMessage(payload.content, [], payload.buttons),
          attachments: shown.attachments,
        });
        noteReply(message.id);
        return;
      }
      // `attachments: []` drops the previous preview; the new files are added to the empty list.
      const message = await interaction.editReply({ ...toMessage(payload), attachments: [] });
      noteReply(message.id);
      if (final) notePosted(message.attachments.map((attachment) => attachment.url));
      shown = { files: payload.files, attachments: [...message.attachments.values()] };
    },
  });

  const routes: DeliveryRoutes = {
    editReply: (payload) => coalescer.finish({ payload, final: true }),
    async followUp(payload) {
      assertReplyUsable();
      const message = await interaction.followUp(toMessage(payload));
      notePart(message.id);
      notePosted(message.attachments.map((attachment) => attachment.url));
    },
    async postToChannel(payload, first) {
      const channelId = interaction.channelId ?? "";
      const posted = await postToChannel(
        options.rest,
        { channelId, userId: interaction.user.id, mention: first },
        payload,
      );
      notePart(posted.id);
      notePosted(posted.attachmentUrls);
    },
  };

  const show = (view: DiscordView) => {
    lastProgress = asSpoilers(renderView(view, messages), options.job.spoiler);
    coalescer.push({ payload: lastProgress, final: false });
  };
  const showGenerating = () => {
    const elapsedSeconds = Math.round((now() - (startedAt ?? now())) / 1000);
    show({ kind: "generating", elapsedSeconds, ...(preview && { preview }) });
  };

  async function finish(payloads: () => DiscordPayload[]): Promise<void> {
    clearInterval(ticker);
    try {
      await deliverMessages(
        payloads().map((payload) => asSpoilers(payload, options.job.spoiler)),
        routes,
        log,
      );
    } catch (error) {
      log.error(
        { error: summarizeError(error), channelId: interaction.channelId },
        "could not post the result in the channel either; check that the bot may Send Messages and Attach Files there",
      );
    }
    // The interaction's token is only kept to close the job after a crash: it is not kept longer.
    // The images' addresses tell a restart that they were posted, should the job's end be lost.
    await options.job.note({ messageRefs: { token: "" }, imageRefs: postedImages });
  }

  function sink(event: JobEvent): void | Promise<void> {
    switch (event.type) {
      case "queued":
        toldQueued = true;
        return show({ kind: "queued", position: event.position });
      case "started":
        startedAt = now();
        // The coalescer skips a tick whose text is unchanged; this only moves the seconds along.
        ticker = setInterval(showGenerating, options.tickMs);
        ticker.unref();
        // Discord's "thinking…" already says the job is under way; an edit only replaces a queue position.
        return toldQueued ? showGenerating() : undefined;
      case "partial":
        preview = { index: event.index, image: event.image };
        return showGenerating();
      case "completed": {
        const { images, elapsedMs } = event;
        const reported = interaction.attachmentSizeLimit;
        const capBytes = reported > 0 ? reported : defaultUploadCapBytes;
        return finish(() =>
          withResultButtons(
            renderResult({ request, images, elapsedMs, capBytes }, messages),
            jobId,
            messages,
          ),
        );
      }
      case "failed": {
        const { error } = event;
        const buttons = error.isRefusal ? [] : retryButtons(jobId, messages);
        return finish(() => [{ ...renderView({ kind: "failed", error }, messages), buttons }]);
      }
      case "cancelled":
        return finish(() => [renderView({ kind: "cancelled" }, messages)]);
      case "handedOver":
        // Another instance edits the reply from here on: what it shows now (the queue position) lands first.
        clearInterval(ticker);
        return lastProgress && coalescer.finish({ payload: lastProgress, final: false });
    }
  }

  return sink;
}

/**
 * The payload with its files hidden until clicked, when `spoiler` (Discord shows a file whose name
 * starts with SPOILER_ blurred); the bytes stay the same Buffers.
 */
function asSpoilers(payload: DiscordPayload, spoiler: boolean): DiscordPayload {
  if (!spoiler || payload.files.length === 0) return payload;
  return { ...payload, files: payload.files.map((file) => ({ ...file, name: `SPOILER_${file.name}` })) };
}
