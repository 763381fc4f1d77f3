import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import { isTerminal, type JobSink } from "../../core/jobs/job-events.ts";
import { createCoalescer } from "../../core/jobs/progress.ts";
import type { AcceptedJob } from "../../core/jobs/submission.ts";
import type { ImageData } from "../../core/provider/types.ts";
import { advanceProgress, type ProgressState } from "./advance-progress.ts";
import { createPlaceholder } from "./create-placeholder.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { describeSlackProblem } from "../render/describe-slack-problem.ts";
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
import { uploadImages } from "./upload-images.ts";

export interface ThreadSinkOptions {
  readonly client: Pick<webApi.WebClient, "chat" | "files">;
  /** Sends the images' bytes to the upload URLs Slack hands out. */
  readonly sendFileBytes: SendFileBytes;
  readonly log: Logger;
  readonly channelId: string;
  readonly userId: string;
  /** The thread to answer in; when absent, a visible message naming who asked starts one. */
  readonly threadTs?: string;
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
}

/**
 * Shows a job in its thread: a placeholder edited (coalesced) with queue position, previews
 * received and elapsed time, then the images uploaded into the thread and the placeholder's last
 * word — or the failure's sentence. Previews are counted, not uploaded: every upload is a new
 * message, so two or three previews per image would bury the result.
 */
export function createThreadSink(job: AcceptedJob, options: ThreadSinkOptions): JobSink {
  const { client } = options;
  const { request } = job;
  const log = options.log.child({ jobId: job.jobId });
  const { now } = options;
  const startedAt = now();
  let state: ProgressState = { phase: "waiting" };

  const placeholder = createPlaceholder({
    client,
    channelId: options.channelId,
    ...(options.threadTs && { threadTs: options.threadTs }),
    announcement: renderAnnouncement(options.userId, request),
    ...(options.onPlaceholderPosted && { onPosted: options.onPlaceholderPosted }),
    onUnreachable(error) {
      const code = readSlackErrorCode(error);
      const problem = describeSlackProblem(code);
      log.warn({ slackError: code, fix: problem.fix }, "cannot post in the channel; cancelling the job");
      job.cancel();
      void options.tell(`I can't answer here: ${problem.reason}.`);
    },
  });
  const { updates, updateReserve } = options.budgets;
  const coalescer = createCoalescer<{ text: string; final: boolean }>({
    async render({ text, final }) {
      // A progress edit took its turn in `admit`; the last word waits for one.
      if (final && placeholder.posted) await updates.take();
      await placeholder.show(text);
    },
    same: (a, b) => a.text === b.text,
    // Posting the placeholder is not an edit; after that, progress yields to the last words.
    admit: () => !placeholder.posted || updates.tryTake({ reserve: updateReserve }),
    intervalMs: options.intervalMs,
    now,
    onError: (error) => log.debug({ slackError: readSlackErrorCode(error) }, "a progress edit failed"),
  });
  const refresh = () =>
    coalescer.push({ text: renderProgress(state, request.count, (now() - startedAt) / 1000), final: false });
  const ticker = setInterval(refresh, options.tickMs);
  ticker.unref();
  refresh();

  /** The last word always lands: an edit, else a new message in the thread. */
  async function finish(text: string): Promise<void> {
    try {
      await coalescer.finish({ text, final: true });
    } catch (error) {
      log.warn({ slackError: readSlackErrorCode(error) }, "could not edit the placeholder; posting anew");
      await placeholder
        .postInThread(text)
        .catch((postError: unknown) =>
          log.error({ slackError: readSlackErrorCode(postError) }, "could not post the job's outcome"),
        );
    }
  }

  async function deliver(images: readonly ImageData[], elapsedMs: number): Promise<void> {
    state = { phase: "uploading" };
    refresh();
    try {
      await options.budgets.uploads.take(images.length);
      await uploadImages(client, options.sendFileBytes, {
        channelId: options.channelId,
        threadTs: await placeholder.threadTs(),
        images,
        comment: renderImageComment(request, elapsedMs),
        altText: request.prompt,
      });
    } catch (error) {
      const code = readSlackErrorCode(error);
      const problem = describeSlackProblem(code);
      log.warn({ slackError: code, fix: problem.fix }, "could not upload the images");
      return finish(
        renderFailure(
          describeForSlack(new ImagineError("delivery_failed", { detail: `${problem.reason}.` })),
        ),
      );
    }
    log.info({ images: images.length }, "images posted");
    options.pendingEdits.add(finish(renderDone(images.length, elapsedMs)));
  }

  return async (event) => {
    if (!isTerminal(event)) {
      state = advanceProgress(state, event, job.previews);
      return refresh();
    }
    clearInterval(ticker);
    if (placeholder.unreachable) return;
    if (event.type === "completed") return deliver(event.images, event.elapsedMs);
    if (event.type === "failed") return finish(renderFailure(describeForSlack(event.error)));
    return finish(renderFailure(describeForSlack(new ImagineError("cancelled"))));
  };
}
