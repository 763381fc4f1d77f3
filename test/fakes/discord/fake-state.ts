import type { APIUser } from "discord.js";
import type { CommandStore } from "./command-store.ts";
import type { InteractionChannel } from "./interaction-channel.ts";
import type { InteractionRegistry } from "./interaction-registry.ts";
import type { MessageStore } from "./message-store.ts";
import type { FakeGuild } from "./fake-guild.ts";
import type { UploadStore } from "./uploads.ts";

/** What the REST routes share: who the bot is, and everything it made. */
export interface FakeState {
  applicationId: string;
  token: string;
  botUser: APIUser;
  /** `http://127.0.0.1:PORT`, for attachment URLs. */
  origin: string;
  gatewayUrl: string;
  /** Upload cap of channel messages, in bytes. */
  uploadLimitBytes: number;
  /** Discord's clock (the test's, when it gives one): ids, message times, token ages. */
  now: () => number;
  newId: () => string;
  guilds: readonly Required<FakeGuild>[];
  /** Channel objects by id: the guilds' channels and threads, and every interaction's channel. */
  channels: Map<string, InteractionChannel>;
  interactions: InteractionRegistry;
  messages: MessageStore;
  /** Files users gave to commands' attachment options. */
  uploads: UploadStore;
  commands: CommandStore;
  /** The application's public key in hex, which `GET /applications/@me` names as `verify_key`. */
  publicKeyHex?: string;
}
