import type { APIUser } from "discord.js";
import type { FakeState } from "./fake-state.ts";
import type { UserMessageInput } from "./interaction-input.ts";
import type { StoredMessage } from "./message-store.ts";
import { toRecordedFiles } from "./uploads.ts";

/**
 * Has a user post a message (with files) in a channel, as though the bot had seen none of it: it
 * reaches the bot only inside interactions, such as a message command used on it. Posting where
 * no user could (an unknown channel, an empty message) is a mistake of the test, and throws.
 */
export function createUserMessagePoster(state: FakeState): (input: UserMessageInput) => StoredMessage {
  return (input) => {
    const channelId = input.channelId ?? state.guilds[0]?.channels.find((c) => (c.type ?? 0) === 0)?.id ?? "";
    if (!state.channels.has(channelId)) throw new Error(`fake Discord: no channel ${channelId}`);
    const username = input.username ?? "fake-user";
    const author: APIUser = {
      id: input.userId ?? "800000000000000001",
      username,
      discriminator: "0",
      global_name: username,
      avatar: null,
    };
    const created = state.messages.create(
      { channelId, type: 0, author },
      { content: input.content ?? "" },
      toRecordedFiles(input.files ?? []),
      Number.POSITIVE_INFINITY,
    );
    if (!created.ok)
      throw new Error(`fake Discord: a user could not post that: ${JSON.stringify(created.reply.body)}`);
    return created.value;
  };
}
