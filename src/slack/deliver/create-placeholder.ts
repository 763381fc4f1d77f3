import type { types, webApi } from "@slack/bolt";
import { toSlackText } from "../render/to-slack-text.ts";

/** What the bot shows in a message: text, and blocks drawn instead of it (text stays the fallback). */
export interface MessageBody {
  readonly text: string;
  readonly blocks?: types.KnownBlock[];
}

export interface PlaceholderOptions {
  readonly client: Pick<webApi.WebClient, "chat">;
  readonly channelId: string;
  /** The thread to answer in; when absent, `announcement` is posted in the channel to start one. */
  readonly threadTs?: string;
  /** The placeholder, when it was posted already (by the instance that accepted the job): edited, not posted. */
  readonly placeholderTs?: string;
  readonly announcement: string;
  /** Called once, with the error, when the bot cannot post here at all. */
  readonly onUnreachable: (error: unknown) => void;
  /** Called once, with its ts, when the announcement starting the thread is posted. */
  readonly onAnnounced?: (ts: string) => void;
  /** Called once, with its ts, when the placeholder is in the thread. */
  readonly onPosted?: (ts: string) => void;
}

/** The bot's one message in a job's thread, edited as the job goes. */
export interface Placeholder {
  /** Posts the message the first time, edits it after; a no-op once the channel proved unreachable. */
  show(body: MessageBody): Promise<void>;
  /** The thread's ts (posting the announcement first, once, when there is one). */
  threadTs(): Promise<string>;
  /** Posts a new message in the thread, answering its ts: for when editing the placeholder keeps failing. */
  postInThread(body: MessageBody): Promise<string | undefined>;
  /** True once posting the announcement or the placeholder failed. */
  readonly unreachable: boolean;
  /** True once the placeholder is in the thread: `show` edits it from then on. */
  readonly posted: boolean;
}

const fields = ({ text, blocks }: MessageBody) => ({ text: toSlackText(text), ...(blocks && { blocks }) });

/** A lazily posted placeholder: nothing reaches Slack until the first `show`. */
export function createPlaceholder(options: PlaceholderOptions): Placeholder {
  const { client, channelId: channel } = options;
  let root: Promise<string> | undefined;
  let placeholderTs = options.placeholderTs;
  let unreachable = false;
  // A prompt may hold a URL: Slack should show it, not fetch and unfurl it.
  const quiet = { unfurl_links: false, unfurl_media: false };

  async function announce(): Promise<string> {
    const posted = await client.chat.postMessage({
      channel,
      text: toSlackText(options.announcement),
      ...quiet,
    });
    if (!posted.ts) throw new Error("chat.postMessage answered without a ts");
    options.onAnnounced?.(posted.ts);
    return posted.ts;
  }

  function threadTs(): Promise<string> {
    root ??= options.threadTs ? Promise.resolve(options.threadTs) : announce();
    return root;
  }

  async function create(body: MessageBody): Promise<void> {
    try {
      const posted = await client.chat.postMessage({
        channel,
        thread_ts: await threadTs(),
        ...fields(body),
        ...quiet,
      });
      if (!posted.ts) throw new Error("chat.postMessage answered without a ts");
      placeholderTs = posted.ts;
    } catch (error) {
      unreachable = true;
      options.onUnreachable(error);
      return;
    }
    options.onPosted?.(placeholderTs);
  }

  return {
    async show(body) {
      if (unreachable) return;
      if (placeholderTs === undefined) return create(body);
      await client.chat.update({ channel, ts: placeholderTs, ...fields(body) });
    },
    threadTs,
    async postInThread(body) {
      const posted = await client.chat.postMessage({
        channel,
        thread_ts: await threadTs(),
        ...fields(body),
        ...quiet,
      });
      return posted.ts;
    },
    get unreachable() {
      return unreachable;
    },
    get posted() {
      return placeholderTs !== undefined;
    },
  };
}
