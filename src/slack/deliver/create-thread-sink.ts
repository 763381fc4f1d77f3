import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import type { Messages } from "../../core/i18n/messages.ts";
import { isTerminal, type JobSink } from "../../core/jobs/job-events.ts";
import { createCoalescer } from "../../core/jobs/progress.ts";
import type { AcceptedJob } from "../../core/jobs/submission.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { advanceProgress, type ProgressState } from "./advance-progress.ts";
import { createPlaceholder, type MessageBody } from "./create-placeholder.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { describeSlackProblem } from "../render/describe-slack-problem.ts";
import { previewBlocks, resultBlocks, retryBlocks } from "../render/job-blocks.ts";
import {
  renderAnnouncement,
  renderDone,
  renderFailure,
  renderImageComment,
  renderProgress,
} from "../render/render-text.ts";
import { readSlackErrorCode } from "./read-slack-error-code.ts";
import type { PendingEdits } from "./pending-edits.ts";
import type { SlackBudgets } from "./slack-budgets.ts";
import type { TellPrivately } from "./tell-privately.ts";
import type { SendFileBytes } from "./create-file-sender.ts";
import { createLivePreviews, type PreviewServices } from "./create-live-previews.ts";
import { uploadImages } from "./upload-images.ts";
import { settleWithin } from "../../kit/settle-within.ts";

/** How long a job's last word waits for a preview on its way to finish (its share message to go). */
const previewSettleMs = 2000;

export interface ThreadSinkOptions {
  readonly client: Pick<webApi.WebClient, "chat" | "files">;
  /** Sends the images' bytes to the upload URLs Slack hands out. */
  readonly sendFileBytes: SendFileBytes;
  readonly log: Logger;
  readonly channelId: string;
  readonly userId: string;
  /** The language of the person who asked (or clicked): every word the job says is in it. */
  readonly messages: Messages;
  /** The thread to answer in; when absent, a visible message naming who asked starts one. */
  readonly threadTs?: string;
  /**
   * The job's placeholder, posted already by the instance that accepted the job (another instance
   * runs it): edited from where that one left it, never posted again.
   */
  readonly placeholderTs?: string;
  /** Tells the person when the bot cannot post in the channel at all. */
  readonly tell: TellPrivately;
  /** Least time between two edits of the placeholder. */
  readonly intervalMs: number;
  /** How often the elapsed time is refreshed while nothing else changes. */
  readonly tickMs: number;
  /** The workspace's `chat.update` and upload turns, shared by every job. */
  readonly budgets: SlackBudgets;
  /** Where the last word goes once the images are posted (it need not hold the job's slot). */
  readonly pendingEdits: PendingEdits;
  /** Called once the job's placeholder is in the thread: the person's first sign of the job. */
  readonly onPlaceholderPosted?: () => void;
  /** The bot's clock, for the elapsed time shown. */
  readonly now: () => number;
  /** Shows each partial image in the placeholder; without it previews are only counted. */
  readonly previews?: PreviewServices;
}

/** What the placeholder shows while the job runs, or its last word. */
interface Shown extends MessageBody {
  readonly final: boolean;
  /** The preview file drawn under the text. */
  readonly previewFileId?: string;
}

/**
 * Shows a job in its thread: a placeholder edited (coalesced) with queue position, previews
 * received, the latest preview itself (see createLivePreviews) and elapsed time, then the images
 * uploaded into the thread and the placeholder's last word with the result's buttons — or the
 * failure's sentence with Retry; the preview files are deleted once that last word is in. Where
 * the messages and images are is noted on the job as each becomes known (its `messageRefs`:
 * `threadTs`, `announcementTs`, `placeholderTs`, `resultTs` when the last word had to be posted
 * anew, and `previewFiles` not deleted yet), for the buttons, the history and a restart.
 */
export function createThreadSink(job: AcceptedJob, options: ThreadSinkOptions): JobSink {
  const { client, messages } = options;
  const { request } = job;
  const log = options.log.child({ jobId: job.jobId });
  const { now } = options;
  const startedAt = now();
  let state: ProgressState = { phase: "waiting" };
  let threadTs = options.threadTs;

  const placeholder = createPlaceholder({
    client,
    channelId: options.channelId,
    ...(options.threadTs && { threadTs: options.threadTs }),
    ...(options.placeholderTs && { placeholderTs: options.placeholderTs }),
    announcement: renderAnnouncement(options.userId, request, messages),
    onAnnounced(ts) {
      threadTs = ts;
      void job.note({ messageRefs: { threadTs: ts, announcementTs: ts } });
    },
    onPosted(ts) {
      void job.note({ messageRefs: { ...(threadTs && { threadTs }), placeholderTs: ts } });
      options.onPlaceholderPosted?.();
    },
    onUnreachable(error) {
      const code = readSlackErrorCode(error);
      const problem = describeSlackProblem(code);
      log.warn({ slackError: code, fix: problem.fix }, "cannot post in the channel; cancelling the job");
      job.cancel();
      void options.tell(messages.t("slack:replies.cannotAnswerHere", { reason: messages.t(problem.reason) }));
    },
  });
  const { updates, updateReserve } = options.budgets;
  let shownPreview: string | undefined;
  // Until its images are on their way, the job's upload turns are kept from everyone's previews.
  const resultsStarted = options.budgets.previews.expectResults(request.count);
  const live =
    options.previews &&
    createLivePreviews({
      services: options.previews,
      remover: client,
      channelId: options.channelId,
      threadTs: () => placeholder.threadTs(),
      messages,
      log,
      show(fileId) {
        shownPreview = fileId;
        refresh();
      },
      onFilesChanged(fileIds) {
        void job.note({ messageRefs: { previewFiles: fileIds.join(",") } });
      },
    });
  const coalescer = createCoalescer<Shown>({
    async render({ final, previewFileId, ...body }) {
      // A progress edit took its turn in `admit`; the last word waits for one.
      if (final && placeholder.posted) await updates.take();
      try {
        await placeholder.show(body);
      } catch (error) {
        if (previewFileId !== undefined && readSlackErrorCode(error) === "invalid_blocks") {
          // Slack would not draw the file: go on without previews.
          live?.stop("invalid_blocks");
          shownPreview = undefined;
          refresh();
        }
        throw error;
      }
      if (previewFileId !== undefined) live?.shown(previewFileId);
    },
    same: (a, b) => a.text === b.text && a.previewFileId === b.previewFileId,
    // Posting the placeholder is not an edit; after that, progress yields to the last words.
    admit: () => !placeholder.posted || updates.tryTake({ reserve: updateReserve }),
    intervalMs: options.intervalMs,
    now,
    onError: (error) => log.debug({ slackError: readSlackErrorCode(error) }, "a progress edit failed"),
  });
  /** What the placeholder should show now. */
  function progress(): Shown {
    const text = renderProgress(state, request.count, (now() - startedAt) / 1000, messages);
    const preview = shownPreview;
    return preview === undefined
      ? { text, final: false }
      : {
          text,
          blocks: previewBlocks(text, preview, request.prompt, messages),
          previewFileId: preview,
          final: false,
        };
  }
  function refresh(): void {
    coalescer.push(progress());
  }
  const ticker = setInterval(refresh, options.tickMs);
  ticker.unref();
  refresh();

  /** The last word always lands: an edit, else a new message in the thread. */
  async function finish(body: MessageBody): Promise<void> {
    try {
      await coalescer.finish({ ...body, final: true });
    } catch (error) {
      log.warn({ slackError: readSlackErrorCode(error) }, "could not edit the placeholder; posting anew");
      try {
        const resultTs = await placeholder.postInThread(body);
        if (resultTs) await job.note({ messageRefs: { resultTs } });
      } catch (postError) {
        log.error({ slackError: readSlackErrorCode(postError) }, "could not post the job's outcome");
      }
    }
  }

  /** A failure's last word; one the person did not cause can be retried. */
  function failure(error: ImagineError): MessageBody {
    const text = renderFailure(describeForSlack(error, messages));
    return error.isRefusal ? { text } : { text, blocks: retryBlocks(text, job.jobId, messages) };
  }

  /**
   * The job's last word once no preview is on its way (or a moment has passed: a preview never
   * holds the result back for long); then the previews are deleted.
   */
  async function lastWord(body: MessageBody): Promise<void> {
    if (live) await settleWithin(live.settle(), previewSettleMs);
    await finish(body);
    await live?.end();
  }

  async function deliver(images: readonly ImageData[], elapsedMs: number): Promise<void> {
    state = { phase: "uploading" };
    refresh();
    let fileIds: readonly string[];
    try {
      await options.budgets.uploads.take(images.length);
      fileIds = await uploadImages(client, options.sendFileBytes, {
        channelId: options.channelId,
        threadTs: await placeholder.threadTs(),
        images,
        comment: renderImageComment(request, elapsedMs, messages),
        altText: request.prompt,
      });
    } catch (error) {
      const code = readSlackErrorCode(error);
      const problem = describeSlackProblem(code);
      log.warn({ slackError: code, fix: problem.fix }, "could not upload the images");
      // Worded here, where the language is known: the error goes no further than this message.
      const detail = `${messages.t(problem.reason)}.`;
      return lastWord(failure(new ImagineError("delivery_failed", { detail })));
    }
    log.info({ images: images.length }, "images posted");
    await job.note({ imageRefs: fileIds });
    const text = renderDone(images.length, elapsedMs, messages);
    const said = lastWord({ text, blocks: resultBlocks(text, job.jobId, messages) });
    // Off the job's slot, but its end is recorded only once this lands: a crash before leaves
    // the next start to give it (finishDelivered).
    job.holdEnd(said);
    options.pendingEdits.add(said);
  }

  return async (event) => {
    if (event.type === "handedOver") {
      // Another instance shows the job from here on: the placeholder (its place in line) lands first.
      clearInterval(ticker);
      resultsStarted();
      return coalescer.finish(progress());
    }
    if (!isTerminal(event)) {
      state = advanceProgress(state, event, job.previews);
      if (event.type === "partial") live?.offer(event.image);
      return refresh();
    }
    clearInterval(ticker);
    resultsStarted();
    if (placeholder.unreachable) return live?.end();
    if (event.type === "completed") return deliver(event.images, event.elapsedMs);
    return lastWord(
      event.type === "failed"
        ? failure(event.error)
        : { text: renderFailure(describeForSlack(new ImagineError("cancelled"), messages)) },
    );
  };
}
