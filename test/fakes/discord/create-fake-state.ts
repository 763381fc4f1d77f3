import type { APIUser } from "discord.js";
import { defaultGuild, resolveGuild } from "./build-guild.ts";
import { guildChannelObject, threadObject } from "./channel-objects.ts";
import { createCommandStore } from "./command-store.ts";
import type { FakeState } from "./fake-state.ts";
import type { InteractionChannel } from "./interaction-channel.ts";
import { createInteractionRegistry } from "./interaction-registry.ts";
import { createMessageStore } from "./message-store.ts";
import { createSnowflakes } from "./snowflakes.ts";
import type { FakeDiscordOptions } from "./types.ts";
import { createUploadStore } from "./uploads.ts";

/** The fake's state for a server listening on 127.0.0.1:`port`, defaults filled in. */
export function createFakeState(opts: FakeDiscordOptions, port: number): FakeState {
  const now = opts.now ?? Date.now;
  const newId = createSnowflakes(now);
  const applicationId = opts.applicationId ?? "500000000000000001";
  const botUser: APIUser = {
    id: opts.botUserId ?? applicationId,
    username: "Fake Imagine",
    discriminator: "0",
    global_name: null,
    avatar: null,
    bot: true,
  };
  const guilds = (opts.guilds ?? [defaultGuild]).map((guild) => resolveGuild(guild, newId));
  const channels = guilds.flatMap((g) => [
    ...g.channels.map((c, i) => guildChannelObject(g.id, c, i)),
    ...g.threads.map((t) => threadObject(g.id, t, g.ownerId)),
  ]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    applicationId,
    token: opts.token ?? "fake-bot-token",
    botUser,
    origin,
    gatewayUrl: `ws://127.0.0.1:${port}/gateway`,
    uploadLimitBytes: opts.uploadLimitBytes ?? 10 * 1024 * 1024,
    now,
    newId,
    guilds,
    channels: new Map(channels.map((c): [string, InteractionChannel] => [c.id, c])),
    interactions: createInteractionRegistry(),
    messages: createMessageStore(newId, now),
    uploads: createUploadStore(newId, origin),
    commands: createCommandStore(applicationId, newId),
  };
}
