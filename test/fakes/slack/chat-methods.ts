import { jsonArg, slackError, stringArg } from "./method-context.ts";
import type { MethodContext, MethodHandler } from "./method-context.ts";
import { permalinkFor } from "./permalinks.ts";
import type { FakeMessage } from "./types.ts";

/** `chat.*`: post, update, delete and ephemeral messages against the message store, and permalinks. */
export const chatMethods: Record<string, MethodHandler> = {
  "chat.postMessage": (args, ctx) => {
    const posted = postFromArgs(args, ctx, { ephemeral: false });
    if ("refusal" in posted) return slackError(posted.refusal);
    const { message } = posted;
    return { ok: true, channel: message.channel, ts: message.ts, message: wireMessage(message, ctx) };
  },

  "chat.update": (args, ctx) => {
    const channel = stringArg(args, "channel");
    const ts = stringArg(args, "ts");
    if (channel === undefined) return slackError("channel_not_found");
    if (ts === undefined) return slackError("message_not_found");
    const existing = ctx.messages.find(channel, ts);
    if (existing === undefined) return slackError("message_not_found");
    if (existing.user !== ctx.identity.botUserId) return slackError("cant_update_message");
    const content = messageContent(args);
    if (content === undefined) return slackError("no_text");
    if (tooLong(content)) return slackError("msg_too_long");
    if (!imagesVisible(content.blocks, channel, ctx)) return slackError("invalid_blocks");
    const updated = ctx.messages.update(channel, ts, content, ctx.newTs());
    if (updated === undefined) return slackError("message_not_found");
    return { ok: true, channel, ts, text: updated.text, message: wireMessage(updated, ctx) };
  },

  "chat.postEphemeral": (args, ctx) => {
    const posted = postFromArgs(args, ctx, { ephemeral: true });
    if ("refusal" in posted) return slackError(posted.refusal);
    return { ok: true, message_ts: posted.message.ts };
  },

  "chat.delete": (args, ctx) => {
    const channel = stringArg(args, "channel");
    const ts = stringArg(args, "ts");
    if (channel === undefined) return slackError("channel_not_found");
    if (ts === undefined || !ctx.messages.remove(channel, ts)) return slackError("message_not_found");
    return { ok: true, channel, ts };
  },

  "chat.getPermalink": (args, ctx) => {
    const channel = stringArg(args, "channel");
    const ts = stringArg(args, "message_ts");
    if (channel === undefined) return slackError("channel_not_found");
    if (ts === undefined) return slackError("message_not_found");
    // People's messages never reach the store (events only carry them), so any ts gets a link.
    const threadTs = ctx.messages.find(channel, ts)?.thread_ts;
    return { ok: true, channel, permalink: permalinkFor(channel, ts, threadTs) };
  },
};

/**
 * Posts, as the bot, the message `chat.postMessage` or (`ephemeral`, for `user` only)
 * `chat.postEphemeral` describes, or names Slack's error for what is missing or too long.
 */
function postFromArgs(
  args: Record<string, unknown>,
  ctx: MethodContext,
  { ephemeral }: { readonly ephemeral: boolean },
): { readonly message: FakeMessage } | { readonly refusal: string } {
  const channel = stringArg(args, "channel");
  if (channel === undefined) return { refusal: "channel_not_found" };
  const user = stringArg(args, "user");
  if (ephemeral && user === undefined) return { refusal: "user_not_found" };
  const content = messageContent(args);
  if (content === undefined) return { refusal: "no_text" };
  if (tooLong(content)) return { refusal: "msg_too_long" };
  if (!imagesVisible(content.blocks, channel, ctx)) return { refusal: "invalid_blocks" };
  const threadTs = stringArg(args, "thread_ts");
  const message = ctx.messages.post({
    channel,
    ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    ...content,
    text: content.text ?? "",
    user: ctx.identity.botUserId,
    bot_id: ctx.identity.botId,
    ...(ephemeral && user !== undefined ? { ephemeral_to: user } : {}),
  });
  return { message };
}

/** The file ids `image` blocks draw with `slack_file`. */
export function slackFileImages(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((block: { type?: unknown; slack_file?: { id?: unknown } }) =>
    block.type === "image" && typeof block.slack_file?.id === "string" ? [block.slack_file.id] : [],
  );
}

/**
 * Whether every `slack_file` image can be drawn for the channel's members: Slack refuses blocks
 * (`invalid_blocks`) naming a file that is gone or was never shared where they can see it, such
 * as one the bot completed without a channel.
 */
function imagesVisible(blocks: unknown, channel: string, ctx: MethodContext): boolean {
  return slackFileImages(blocks).every((fileId) => ctx.files.visibleIn(fileId, channel));
}

/** Slack's cap on a message's `text`, in characters. */
const maxTextLength = 40_000;

/** Whether the text is over Slack's cap (Slack answers `msg_too_long`). */
const tooLong = (content: { text?: string }) => [...(content.text ?? "")].length > maxTextLength;

/** `text`, `blocks` and `attachments` that were given; `undefined` when none was (Slack's `no_text`). */
function messageContent(
  args: Record<string, unknown>,
): Partial<Pick<FakeMessage, "text" | "blocks" | "attachments">> | undefined {
  const text = stringArg(args, "text");
  const blocks = jsonArg(args, "blocks");
  const attachments = jsonArg(args, "attachments");
  if (text === undefined && blocks === undefined && attachments === undefined) return undefined;
  return {
    ...(text === undefined ? {} : { text }),
    ...(blocks === undefined ? {} : { blocks }),
    ...(attachments === undefined ? {} : { attachments }),
  };
}

/** The `message` object Slack returns for a post or update. */
function wireMessage(message: FakeMessage, ctx: MethodContext): Record<string, unknown> {
  const { channel: _channel, ephemeral_to: _ephemeralTo, ...rest } = message;
  return { type: "message", ...rest, app_id: ctx.identity.appId, team: ctx.identity.teamId };
}
