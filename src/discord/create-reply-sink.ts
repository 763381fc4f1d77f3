import { DiscordAPIError, type ChatInputCommandInteraction, type REST } from "discord.js";
import type { Logger } from "pino";
import { ImagineError } from "../core/errors.ts";
import type { JobEvent } from "../core/job-events.ts";
import { createCoalescer } from "../core/progress.ts";
import type { ImageData } from "../core/provider/types.ts";
import type { GenerationRequest } from "../core/request.ts";
import { postToChannel } from "./post-to-channel.ts";
import { renderCaption, renderView, toFiles, type DiscordPayload, type DiscordView } from "./render-view.ts";
import { splitAttachments } from "./split-attachments.ts";

export interface ReplySinkOptions {
  readonly interaction: ChatInputCommandInteraction;
  readonly rest: REST;
  readonly log: Logger;
  readonly intervalMs: number;
  readonly now: () => number;
}

/** An interaction token lives 15 minutes; stop using it a little before. */
const tokenLifetimeMs = 14 * 60_000;
/** How often the elapsed time on "Generating…" moves. */
const tickMs = 5000;
/** Discord's default upload cap, when the interaction does not say. */
const defaultCapBytes = 10 * 1024 * 1024;
/** Errors that mean the interaction's token is no longer good. */
const deadTokenCodes = new Set([10015, 10062, 50027]);

class TokenExpired extends Error {}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Renders a job into the deferred reply of an `/imagine`: progress edits through the coalescer,
 * then the images. When the reply can't be edited any more (token expired or gone), the result
 * goes to the channel as a normal message to the person instead.
 */
export function createReplySink({ interaction, rest, log, intervalMs, now }: ReplySinkOptions) {
  // Events can arrive before the reply is deferred: renders wait for it.
  let settleReply!: (ready: Promise<boolean>) => void;
  const replyReady = new Promise<boolean>((resolve) => (settleReply = resolve));
  let request: GenerationRequest | undefined;
  let startedAt: number | undefined;
  let preview: { index: number; image: ImageData } | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const tokenFresh = () => now() - interaction.createdTimestamp < tokenLifetimeMs;

  async function edit(payload: DiscordPayload): Promise<void> {
    if (!(await replyReady) || !tokenFresh()) throw new TokenExpired();
    await interaction.editReply({
      content: payload.content,
      files: payload.files.map((file) => ({ attachment: file.data, name: file.name })),
      attachments: [],
      allowedMentions: { parse: [] },
    });
  }

  const coalescer = createCoalescer<DiscordPayload>({
    intervalMs,
    render: async (payload) => {
      try {
        await edit(payload);
      } catch (error) {
        if (error instanceof TokenExpired) return; // progress no one can see any more: skip it
        throw error;
      }
    },
    same: (a, b) => a.content === b.content && a.files[0]?.data === b.files[0]?.data,
    onError: (error) => log.warn({ err: error }, "a progress edit failed"),
  });

  const show = (view: DiscordView) => coalescer.push(renderView(view));
  const showGenerating = () => {
    const elapsedSeconds = Math.round((now() - (startedAt ?? now())) / 1000);
    show({ kind: "generating", elapsedSeconds, ...(preview && { preview }) });
  };
  const stopTicker = () => clearInterval(ticker);

  /** Sends the final payload to the reply, or to the channel when the reply is out of reach. */
  async function deliver(payload: DiscordPayload, extra: DiscordPayload[] = []): Promise<void> {
    try {
      // Progress edits skip a dead token quietly; the final one must reach the person somehow.
      if (!(await replyReady) || !tokenFresh()) throw new TokenExpired();
      await coalescer.finish(payload);
      for (const more of extra) {
        await interaction.followUp({
          content: more.content,
          files: more.files.map((file) => ({ attachment: file.data, name: file.name })),
          allowedMentions: { parse: [] },
        });
      }
      return;
    } catch (error) {
      const dead =
        error instanceof TokenExpired ||
        (error instanceof DiscordAPIError && deadTokenCodes.has(Number(error.code)));
      log.warn(
        { err: dead ? undefined : error },
        "the reply can't be edited; posting to the channel instead",
      );
    }
    for (const message of [payload, ...extra]) {
      await postToChannel(rest, interaction.channelId, interaction.user.id, message);
    }
  }

  async function deliverImages(images: readonly ImageData[], elapsedMs: number): Promise<void> {
    const cap = interaction.attachmentSizeLimit ?? defaultCapBytes;
    const { groups, tooLarge } = splitAttachments(toFiles(images), cap);
    const notes = [
      tooLarge.length > 0 &&
        `${tooLarge.length} image${tooLarge.length === 1 ? " was" : "s were"} larger than this channel's upload limit of ${mb(cap)} and could not be posted.`,
      groups.length > 1 && `The images did not fit in one message; the rest follow below.`,
    ].filter((note): note is string => Boolean(note));
    const [first, ...rest] = groups;
    if (!first) {
      const error = new ImagineError("delivery_failed", {
        detail: `it is larger than this channel's upload limit of ${mb(cap)}`,
      });
      return deliver(renderView({ kind: "failed", error }));
    }
    const caption = renderCaption(request!, elapsedMs, notes.join(" "));
    return deliver(
      { content: caption, files: first },
      rest.map((files) => ({ content: "", files })),
    );
  }

  return {
    /** The core's events for this job. */
    sink(event: JobEvent): void | Promise<void> {
      switch (event.type) {
        case "queued":
          return show({ kind: "queued", position: event.position });
        case "started":
          startedAt = now();
          ticker = setInterval(showGenerating, tickMs);
          ticker.unref();
          return showGenerating();
        case "partial":
          preview = { index: event.index, image: event.image };
          return showGenerating();
        case "completed":
          stopTicker();
          return deliverImages(event.images, event.elapsedMs);
        case "failed":
          stopTicker();
          return deliver(renderView({ kind: "failed", error: event.error }));
        case "cancelled":
          stopTicker();
          return deliver(renderView({ kind: "cancelled" }));
      }
    },
    /** Starts rendering once the reply is deferred (`deferred` resolves false if that failed). */
    begin(accepted: GenerationRequest, deferred: Promise<boolean>): void {
      request = accepted;
      settleReply(deferred);
    },
  };
}
