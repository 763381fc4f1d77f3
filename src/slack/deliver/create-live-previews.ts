import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { Messages } from "../../core/i18n/messages.ts";
import type { ImageData } from "../../core/provider/types.ts";
import type { SendFileBytes } from "./create-file-sender.ts";
import { readSlackErrorCode } from "./read-slack-error-code.ts";
import { PreviewNotShared, sharePreview, type ShareWait } from "./share-preview.ts";
import type { PreviewTurns } from "./slack-budgets.ts";

/** What every job's previews share: a fail-fast client, the upload step, turns, the share wait. */
export interface PreviewServices {
  /** No retries, and a rate limit rejected at once: a preview is skipped, never waited for. */
  readonly client: Pick<webApi.WebClient, "files" | "chat">;
  readonly sendFileBytes: SendFileBytes;
  readonly turns: PreviewTurns;
  readonly wait: ShareWait;
}

export interface LivePreviewsOptions {
  readonly services: PreviewServices;
  /** Deletes superseded previews: the adapter's client, which retries (the files must go). */
  readonly remover: Pick<webApi.WebClient, "files">;
  readonly channelId: string;
  readonly threadTs: () => Promise<string>;
  /** The asker's language, for the preview file's title and alt text. */
  readonly messages: Messages;
  readonly log: Logger;
  /** A preview is ready to be shown in the progress message. */
  readonly show: (fileId: string) => void;
  /** The preview files not deleted yet, each time that changes (for a restart to delete). */
  readonly onFilesChanged: (fileIds: readonly string[]) => void;
}

/** A job's live previews in its progress message. */
export interface LivePreviews {
  /** A new partial image: shown once the one in flight is done; an older one still waiting is dropped. */
  offer(image: ImageData): void;
  /** The progress message now shows `fileId`: the previews uploaded before it are deleted. */
  shown(fileId: string): void;
  /** Slack would not show a preview (`invalid_blocks`, say): no more for this job. */
  stop(reason: string): void;
  /** No more previews: resolves once the one in flight is done (its share message gone). */
  settle(): Promise<void>;
  /** Settles, then deletes every preview file left. */
  end(): Promise<void>;
}

/** Retry-After of a rate-limited call, else a minute. */
function pauseFor(error: unknown): number {
  const seconds = (error as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === "number" && seconds > 0 ? seconds * 1000 : 60_000;
}

/**
 * Uploads a job's partial images one at a time, latest first: a preview that arrives while one is
 * on its way replaces any other waiting, and one without a free turn is skipped. Any failure ends
 * the job's previews (a rate limit pauses the workspace's too), and the text progress goes on.
 */
export function createLivePreviews(options: LivePreviewsOptions): LivePreviews {
  const { services, log, channelId } = options;
  /** Preview files not deleted yet, oldest first. */
  const files: string[] = [];
  let waiting: ImageData | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let deletions: Promise<void> = Promise.resolve();

  const changed = () => options.onFilesChanged([...files]);

  function stop(reason: string): void {
    if (stopped) return;
    stopped = true;
    waiting = undefined;
    log.info({ reason }, "live previews stopped for this job; the text progress goes on");
  }

  async function remove(fileId: string): Promise<void> {
    try {
      await options.remover.files.delete({ file: fileId });
    } catch (error) {
      const code = readSlackErrorCode(error);
      if (code !== "file_not_found") {
        log.warn({ slackError: code, file: fileId }, "could not delete a preview");
        return;
      }
    }
    const index = files.indexOf(fileId);
    if (index >= 0) files.splice(index, 1);
    changed();
  }

  /** Once the deletions under way are done, deletes the files `pick` names then. */
  function removeAll(pick: () => readonly string[]): Promise<void> {
    deletions = deletions.then(() => Promise.all(pick().map(remove)).then(() => undefined));
    return deletions;
  }

  async function upload(image: ImageData): Promise<void> {
    if (!services.turns.tryTake()) {
      log.debug("no free turn for a preview; skipped");
      return;
    }
    try {
      const fileId = await sharePreview({
        client: services.client,
        send: services.sendFileBytes,
        channelId,
        threadTs: await options.threadTs(),
        image,
        title: options.messages.t("slack:preview.fileTitle"),
        altText: options.messages.t("slack:preview.fileAltText"),
        wait: services.wait,
        onFile(fileId) {
          files.push(fileId);
          changed();
        },
      });
      if (!stopped) options.show(fileId);
    } catch (error) {
      const code = error instanceof PreviewNotShared ? error.code : readSlackErrorCode(error);
      if (code === "ratelimited") services.turns.pause(pauseFor(error));
      stop(code);
    }
  }

  async function drain(): Promise<void> {
    while (waiting !== undefined && !stopped) {
      const image = waiting;
      waiting = undefined;
      await upload(image);
    }
    running = undefined;
  }

  return {
    offer(image) {
      if (stopped) return;
      waiting = image;
      running ??= drain();
    },
    shown(fileId) {
      // Those uploaded before it, whether or not they were ever drawn.
      void removeAll(() => files.slice(0, Math.max(0, files.indexOf(fileId))));
    },
    stop,
    async settle() {
      stopped = true;
      waiting = undefined;
      await running;
    },
    async end() {
      await this.settle();
      await removeAll(() => [...files]);
    },
  };
}
