import type { webApi } from "@slack/bolt";
import { toSlackText } from "../render/to-slack-text.ts";

export interface PlaceholderOptions {
  readonly client: Pick<webApi.WebClient, "chat">;
  readonly channelId: string;
  /** The thread to answer in; when absent, `announcement` is posted in the channel to start one. */
  readonly threadTs?: string;
  readonly announcement: string;
  /** Called once, with the error, when the bot cannot post here at all. */
  readonly onUnreachable: (error: unknown) => void;
  /** Called once, when the placeholder is in the thread. */
  readonly onPosted?: () => void;
}

/** The bot's one message in a job's thread, edited as the job goes. */
export interface Placeholder {
  /** Posts the message the first time, edits it after; a no-op once the channel proved unreachable. */
  show(text: string): Promise<void>;
  /** The thread's ts (posting the announcement first, once, when there is one). */
  threadTs(): Promise<string>;
  /** Posts `text` as a new message in the thread: for when editing the placeholder keeps failing. */
  postInThread(text: string): Promise<void>;
  /** True once posting the announcement or the placeholder failed. */
  readonly unreachable: boolean;
  /** True once the placeholder is in the thread: `show` edits it from then on. */
  readonly posted: boolean;
}

/** A lazily posted placeholder: nothing reaches Slack until the first `show`. */
export function createPlaceholder(options: PlaceholderOptions): Placeholder {
  const { client, channelId: channel } = options;
  let root: Promise<string> | undefined;
  let placeholderTs: string | undefined;
  let unreachable = false;
  // A prompt may hold a URL: Slack should show it, not fetch and unfurl it.
  const quiet = { unfurl_links: false, unfurl_media: false };

  function threadTs(): Promise<string> {
    root ??= options.threadTs
      ? Promise.resolve(options.threadTs)
      : client.chat
          .postMessage({ channel, text: toSlackText(options.announcement), ...quiet })
          .then((posted) => {
            if (!posted.ts) throw new Error("chat.postMessage answered without a ts");
            return posted.ts;
          });
    return root;
  }

  async function create(text: string): Promise<void> {
    try {
      const posted = await client.chat.postMessage({
        channel,
        thread_ts: await threadTs(),
        text: toSlackText(text),
        ...quiet,
      });
      if (!posted.ts) throw new Error("chat.postMessage answered without a ts");
      placeholderTs = posted.ts;
    } catch (error) {
      unreachable = true;
      options.onUnreachable(error);
      return;
    }
    options.onPosted?.();
  }

  return {
    async show(text) {
      if (unreachable) return;
      if (placeholderTs === undefined) return create(text);
      await client.chat.update({ channel, ts: placeholderTs, text: toSlackText(text) });
    },
    threadTs,
    async postInThread(text) {
      await client.chat.postMessage({
        channel,
        thread_ts: await threadTs(),
        text: toSlackText(text),
        ...quiet,
      });
    },
    get unreachable() {
      return unreachable;
    },
    get posted() {
      return placeholderTs !== undefined;
    },
  };
}
