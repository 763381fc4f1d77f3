import { discordErrors } from "./discord-errors.ts";
import type { FakeState } from "./fake-state.ts";
import { messageFlags } from "./message-flags.ts";
import { readMessageInput } from "./message-input.ts";
import type { StoredMessage } from "./message-store.ts";
import { toApiMessage } from "./render-message.ts";
import { json, type Route, type RouteReply, type RouteRequest } from "./rest-types.ts";

/**
 * Channels and their plain messages: `GET /channels/{id}`, `POST /channels/{id}/messages` and
 * `GET|PATCH|DELETE /channels/{id}/messages/{id}`.
 */
export function channelRoutes(state: FakeState): Route[] {
  const render = (message: StoredMessage) => json(toApiMessage(message, state.botUser, state.origin));
  const messageRoute = (
    method: string,
    handle: (req: RouteRequest, message: StoredMessage) => RouteReply,
  ): Route => ({
    method,
    pattern: "/channels/:channelId/messages/:messageId",
    name: "channelMessage",
    auth: true,
    handle(req) {
      if (!state.channels.has(req.params.channelId ?? "")) return discordErrors.unknownChannel();
      const message = state.messages.get(req.params.messageId ?? "");
      // An ephemeral message lives only behind its interaction's token, never in the channel.
      if (
        message === undefined ||
        message.channelId !== req.params.channelId ||
        (message.flags & messageFlags.ephemeral) !== 0
      )
        return discordErrors.unknownMessage();
      return handle(req, message);
    },
  });
  return [
    {
      method: "GET",
      pattern: "/channels/:channelId",
      name: "channel",
      auth: true,
      handle(req) {
        const channel = state.channels.get(req.params.channelId ?? "");
        return channel === undefined ? discordErrors.unknownChannel() : json(channel);
      },
    },
    {
      method: "POST",
      pattern: "/channels/:channelId/messages",
      name: "channelMessages",
      auth: true,
      handle(req) {
        const channelId = req.params.channelId ?? "";
        if (!state.channels.has(channelId)) return discordErrors.unknownChannel();
        const input = readMessageInput(req.json);
        if (!input.ok) return input.reply;
        const created = state.messages.create(
          { channelId, type: 0 },
          input.value,
          req.files,
          state.uploadLimitBytes,
        );
        return created.ok ? render(created.value) : created.reply;
      },
    },
    messageRoute("GET", (_req, message) => render(message)),
    messageRoute("PATCH", (req, message) => {
      if (message.author !== undefined && message.author.id !== state.botUser.id)
        return discordErrors.cannotEditOthers();
      const input = readMessageInput(req.json);
      if (!input.ok) return input.reply;
      const edited = state.messages.edit(message, input.value, req.files, state.uploadLimitBytes);
      return edited.ok ? render(edited.value) : edited.reply;
    }),
    messageRoute("DELETE", (_req, message) => {
      state.messages.remove(message.id);
      return { status: 204 };
    }),
  ];
}
